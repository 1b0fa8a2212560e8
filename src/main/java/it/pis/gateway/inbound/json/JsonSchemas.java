package it.pis.gateway.inbound.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import it.pis.gateway.inbound.json.JsonRest.DocumentType;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema (draft 2020-12) of each document type, loaded once. A problem reads
 * {@code <JSON Pointer of the field>: <what is wrong> (schema rule: <keyword>)}, so that a partner's
 * developer finds the field without reading the schema.
 */
public final class JsonSchemas {

    /** Keywords reported on the parent object; the property at fault is appended to the pointer. */
    private static final Set<String> NAMES_A_PROPERTY = Set.of("required", "additionalProperties", "propertyNames",
            "dependentRequired", "unevaluatedProperties");
    /** A hostile document may break every rule at once; the first ones are enough to fix it. */
    static final int MAX_PROBLEMS = 50;

    private final Map<DocumentType, Schema> schemas = new EnumMap<>(DocumentType.class);

    public JsonSchemas() {
        // draft 2020-12 makes "format" an annotation by default; here a birth date that is not a date is an error
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder ->
                builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        for (DocumentType type : DocumentType.values()) {
            try (InputStream in = JsonSchemas.class.getClassLoader().getResourceAsStream(type.schema())) {
                if (in == null) {
                    throw new IllegalStateException(type.schema() + " is missing from the classpath");
                }
                schemas.put(type, registry.getSchema(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What is wrong with {@code document} as a {@code type}; empty when it is valid. */
    public List<String> problems(DocumentType type, JsonNode document) {
        List<Error> errors = schemas.get(type).validate(document);
        return errors.stream().limit(MAX_PROBLEMS).map(JsonSchemas::describe).toList();
    }

    private static String describe(Error e) {
        String pointer = pointer(e.getInstanceLocation());
        if (NAMES_A_PROPERTY.contains(e.getKeyword()) && e.getProperty() != null) {
            pointer = pointer + "/" + escape(e.getProperty());
        }
        String message = e.getMessage();
        // the library prefixes the message with its own path notation; the pointer replaces it
        int colon = message.indexOf(": ");
        if (message.startsWith("$") && colon > 0) {
            message = message.substring(colon + 2);
        }
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message + " (schema rule: " + e.getKeyword() + ")";
    }

    /** RFC 6901 JSON Pointer of an instance location. */
    static String pointer(NodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            out.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        return out.toString();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
