package it.pis.gateway.inbound.soap;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A mapping path into a SOAP request: element local names from the operation element down,
 * separated by {@code /}, optionally ending in an attribute: {@code person/familyName},
 * {@code targetGroups/targetGroup} (every repetition), {@code person/identifier/@type}. Plain
 * element paths rather than XPath: they cannot call functions, reach outside the request or cost
 * more than one walk of the elements they name, and an agreement reads the same as the XSD.
 * Every repetition is read anyway; as on the HL7 channel, a rule with a {@code where} marks the
 * repeating element with {@code (*)} (at most once), and conditions below it are read on each
 * repetition: {@code from: person/identifier(*)}, {@code where: {"person/identifier(*)/@type": [CF]}}.
 *
 * @param steps     element local names
 * @param attribute the attribute read at the end, or null for the element's text
 */
record SoapPath(List<String> steps, String attribute) {

    static final String EXAMPLES = "person/familyName, targetGroups/targetGroup, person/identifier(*)/@type";
    private static final int MAX_DEPTH = 8;
    private static final String NAME = "[A-Za-z_][A-Za-z0-9._-]{0,63}";
    private static final String STEP = NAME + "(\\(\\*\\))?";
    private static final Pattern SYNTAX = Pattern.compile(STEP + "(/" + STEP + "){0," + (MAX_DEPTH - 1) + "}(/@" + NAME + ")?");

    static Optional<SoapPath> parse(String path) {
        if (path == null || !SYNTAX.matcher(path).matches() || path.indexOf("(*)") != path.lastIndexOf("(*)")) {
            return Optional.empty();
        }
        List<String> parts = List.of(path.replace("(*)", "").split("/"));
        String last = parts.get(parts.size() - 1);
        return last.startsWith("@")
                ? Optional.of(new SoapPath(parts.subList(0, parts.size() - 1), last.substring(1)))
                : Optional.of(new SoapPath(parts, null));
    }

    /** This path as seen from an element this path's first {@code depth} steps lead to. */
    SoapPath below(int depth) {
        return new SoapPath(steps.subList(depth, steps.size()), attribute);
    }
}
