package it.pis.gateway.inbound.hl7v2;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mapping source path: {@code SEG[(rep)]-field[(rep)][-component[-subcomponent]]}, Terser's
 * notation without groups. The segment is found wherever it sits in the message structure;
 * {@code (*)}, at most once, stands for every repetition. Indexes are as in HL7: fields,
 * components and subcomponents from 1, repetitions from 0.
 */
record Hl7Path(String segment, int segmentRep, int field, int fieldRep, int component, int subcomponent) {

    static final String EXAMPLES = "PID-5-1, PID-3(*)-1 or NTE(*)-3";
    private static final Pattern SYNTAX = Pattern.compile(
            "([A-Z][A-Z0-9]{2})(?:\\((\\d+|\\*)\\))?-(\\d+)(?:\\((\\d+|\\*)\\))?(?:-(\\d+))?(?:-(\\d+))?");
    /** The repetition index that stands for {@code (*)}. */
    private static final int EVERY = -1;

    static Optional<Hl7Path> parse(String path) {
        Matcher m = SYNTAX.matcher(path);
        if (!m.matches() || "*".equals(m.group(2)) && "*".equals(m.group(4))) {
            return Optional.empty();
        }
        return Optional.of(new Hl7Path(m.group(1), rep(m.group(2)), Integer.parseInt(m.group(3)), rep(m.group(4)),
                number(m.group(5)), number(m.group(6))));
    }

    boolean walksSegments() {
        return segmentRep == EVERY;
    }

    boolean walksFields() {
        return fieldRep == EVERY;
    }

    /** This path with its {@code (*)} replaced by {@code rep}. */
    Hl7Path at(int rep) {
        return new Hl7Path(segment, walksSegments() ? rep : segmentRep, field, walksFields() ? rep : fieldRep,
                component, subcomponent);
    }

    private static int rep(String group) {
        if (group == null) {
            return 0;
        }
        return "*".equals(group) ? EVERY : Integer.parseInt(group);
    }

    private static int number(String group) {
        return group == null ? 1 : Integer.parseInt(group);
    }
}
