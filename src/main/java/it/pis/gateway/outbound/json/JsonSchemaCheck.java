package it.pis.gateway.outbound.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One of the gateway's own JSON Schemas (draft 2020-12, formats asserted) for the documents it
 * sends, so that a document the recipient would refuse is refused when the operator creates the
 * handover, naming the field, instead of coming back REFUSED later. Problems read
 * {@code <JSON Pointer>: <what is wrong> (schema rule: <keyword>)}, like the inbound channel's.
 */
public final class JsonSchemaCheck {

    private static final int MAX_PROBLEMS = 20;

    private final String resource;
    private final Schema schema;

    /** @param resource classpath resource, e.g. {@code json/handover.schema.json} */
    public JsonSchemaCheck(String resource) {
        this.resource = resource;
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder ->
                builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = JsonSchemaCheck.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            this.schema = registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's file name, for messages. */
    public String name() {
        return resource.substring(resource.lastIndexOf('/') + 1);
    }

    /** What is wrong with {@code document}; empty when it is valid. */
    public List<String> problems(JsonNode document) {
        return schema.validate(document).stream().limit(MAX_PROBLEMS).map(JsonSchemaCheck::describe).toList();
    }

    private static String describe(Error e) {
        StringBuilder pointer = new StringBuilder();
        NodePath path = e.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            pointer.append('/').append(path.getElement(i));
        }
        if (e.getProperty() != null && ("required".equals(e.getKeyword()) || "additionalProperties".equals(e.getKeyword()))) {
            pointer.append('/').append(e.getProperty());
        }
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        if (message.startsWith("$") && colon > 0) {
            message = message.substring(colon + 2);
        }
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message + " (schema rule: " + e.getKeyword() + ")";
    }
}
