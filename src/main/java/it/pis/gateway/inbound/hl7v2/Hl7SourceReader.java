package it.pis.gateway.inbound.hl7v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.agreement.FieldRule;
import it.pis.gateway.inbound.ReportAssembler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads mapping paths from a parsed HL7 v2 message with HAPI's Terser. A path that the message
 * structure does not contain reads as empty (one mapping serves several message types).
 * {@code (*)} walks the repetitions, keeping those that satisfy the rule's {@code where}.
 */
final class Hl7SourceReader implements ReportAssembler.SourceReader {

    /** No partner sends more repetitions than this; the bound keeps a hostile message cheap. */
    private static final int MAX_REPETITIONS = 50;
    private final Terser terser;

    Hl7SourceReader(Message message) {
        this.terser = new Terser(message);
    }

    @Override
    public List<String> read(FieldRule rule) {
        String from = anywhere(rule.from());
        if (!from.contains("(*)")) {
            String value = get(from);
            return value == null ? List.of() : List.of(value);
        }
        List<String> values = new ArrayList<>();
        for (int rep = 0; rep < MAX_REPETITIONS; rep++) {
            String value = get(at(from, rep));
            if (value == null && !repetitionExists(from, rep)) {
                break;
            }
            if (value != null && matches(rule.where(), rep)) {
                values.add(value);
            }
        }
        return values;
    }

    private boolean matches(Map<String, List<String>> where, int rep) {
        for (Map.Entry<String, List<String>> condition : where.entrySet()) {
            String value = get(at(anywhere(condition.getKey()), rep));
            if (value == null || !condition.getValue().contains(value.strip())) {
                return false;
            }
        }
        return true;
    }

    /** Whether repetition {@code rep} is present at all (it may be present with an empty component). */
    private boolean repetitionExists(String path, int rep) {
        int star = path.indexOf("(*)");
        String head = path.substring(0, star);
        int dash = head.lastIndexOf('-');
        try {
            if (dash > head.lastIndexOf('/')) {
                String segment = head.substring(0, dash);
                int field = Integer.parseInt(head.substring(dash + 1));
                return terser.getSegment(segment).getField(field).length > rep;
            }
            return !terser.getSegment(at(head + "(*)", rep)).isEmpty();
        } catch (HL7Exception | RuntimeException e) {
            return false;
        }
    }

    private String get(String path) {
        try {
            String value = terser.get(path);
            return value == null || value.isBlank() ? null : value;
        } catch (HL7Exception | RuntimeException e) {
            return null;
        }
    }

    private static String at(String path, int rep) {
        return path.replace("(*)", "(" + rep + ")");
    }

    /** Paths without a leading slash are searched anywhere in the message, as Terser's "/." does. */
    private static String anywhere(String path) {
        return path.startsWith("/") ? path : "/." + path;
    }
}
