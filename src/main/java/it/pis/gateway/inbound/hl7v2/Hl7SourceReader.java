package it.pis.gateway.inbound.hl7v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.agreement.FieldRule;
import it.pis.gateway.inbound.ReportAssembler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads mapping paths from a parsed HL7 v2 message. The message's non-empty segments are indexed
 * by name once, so each path is a direct lookup: Terser's search-anywhere ("/.PID-5") walks and
 * fills the whole structure on every read, and cost more than everything else together. A path
 * whose segment or field the message lacks reads as empty (one mapping serves several types).
 */
final class Hl7SourceReader implements ReportAssembler.SourceReader {

    /** No partner sends more repetitions than this; the bound keeps a hostile message cheap. */
    private static final int MAX_REPETITIONS = 50;
    private static final Map<String, Hl7Path> PARSED = new ConcurrentHashMap<>();
    private final Map<String, List<Segment>> segments = new HashMap<>();

    Hl7SourceReader(Message message) {
        index(message);
    }

    @Override
    public List<String> read(FieldRule rule) {
        Hl7Path path = parse(rule.from());
        if (!path.walksSegments() && !path.walksFields()) {
            String value = value(path);
            return value == null ? List.of() : List.of(value);
        }
        List<String> values = new ArrayList<>();
        int repetitions = Math.min(repetitions(path), MAX_REPETITIONS);
        for (int rep = 0; rep < repetitions; rep++) {
            String value = value(path.at(rep));
            if (value != null && matches(rule.where(), rep)) {
                values.add(value);
            }
        }
        return values;
    }

    private boolean matches(Map<String, List<String>> where, int rep) {
        for (Map.Entry<String, List<String>> condition : where.entrySet()) {
            String value = value(parse(condition.getKey()).at(rep));
            if (value == null || !condition.getValue().contains(value.strip())) {
                return false;
            }
        }
        return true;
    }

    private int repetitions(Hl7Path path) {
        List<Segment> found = segments.getOrDefault(path.segment(), List.of());
        if (path.walksSegments()) {
            return found.size();
        }
        Segment segment = path.segmentRep() < found.size() ? found.get(path.segmentRep()) : null;
        try {
            return segment == null || path.field() > segment.numFields() ? 0 : segment.getField(path.field()).length;
        } catch (HL7Exception e) {
            return 0;
        }
    }

    private String value(Hl7Path path) {
        List<Segment> found = segments.getOrDefault(path.segment(), List.of());
        if (path.segmentRep() >= found.size()) {
            return null;
        }
        Segment segment = found.get(path.segmentRep());
        try {
            if (path.field() > segment.numFields() || path.fieldRep() >= segment.getField(path.field()).length) {
                return null;
            }
            String value = Terser.get(segment, path.field(), path.fieldRep(), path.component(), path.subcomponent());
            return value == null || value.isBlank() ? null : value;
        } catch (HL7Exception | RuntimeException e) {
            return null;
        }
    }

    /** Paths come only from validated agreements, so the cache is as small as the mappings. */
    private static Hl7Path parse(String path) {
        return PARSED.computeIfAbsent(path, p -> Hl7Path.parse(p).orElseThrow(() -> new IllegalStateException(
                "mapping path '" + p + "' passed agreement validation but is not an HL7 v2 path")));
    }

    /** Every non-empty segment, by name, in message order (groups walked depth first). */
    private void index(Group group) {
        try {
            for (String name : group.getNames()) {
                for (Structure structure : group.getAll(name)) {
                    if (structure instanceof Segment segment) {
                        if (!segment.isEmpty()) {
                            segments.computeIfAbsent(segment.getName(), k -> new ArrayList<>()).add(segment);
                        }
                    } else if (structure instanceof Group child) {
                        index(child);
                    }
                }
            }
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot walk the parsed message", e);
        }
    }
}
