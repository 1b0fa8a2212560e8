package it.pis.gateway.inbound.json;

import it.pis.gateway.agreement.FieldRule;
import it.pis.gateway.inbound.ReportAssembler;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads mapping paths (JSON Pointers) from a posted document. A scalar reads as its text
 * ({@code true}, {@code 42}, {@code "Rossi"}); an array of scalars as each element; a missing
 * field, a null or an object as nothing (the schema already said what may be there).
 */
final class JsonSourceReader implements ReportAssembler.SourceReader {

    private static final Map<String, JsonPointer> COMPILED = new ConcurrentHashMap<>();
    private final JsonNode document;

    JsonSourceReader(JsonNode document) {
        this.document = document;
    }

    @Override
    public List<String> read(FieldRule rule) {
        JsonNode node = document.at(COMPILED.computeIfAbsent(rule.from(), JsonPointer::compile));
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.values().forEach(element -> add(element, values));
        } else {
            add(node, values);
        }
        return values;
    }

    private static void add(JsonNode node, List<String> values) {
        if (node.isValueNode() && !node.isNull()) {
            values.add(node.asString());
        }
    }
}
