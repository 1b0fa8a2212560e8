package it.pis.gateway.inbound.soap;

import it.pis.gateway.agreement.FieldRule;
import it.pis.gateway.inbound.ReportAssembler;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads mapping paths ({@link SoapPath}) from the operation element of a SOAP request. Every
 * element matching a path contributes its trimmed text (or attribute); an absent element reads as
 * empty. A {@code where} condition whose path continues the {@code from} path (e.g. from
 * {@code person/identifier}, where {@code person/identifier/@type}) is read on each matched
 * element, so it selects among repetitions; any other condition path is read from the request.
 */
final class SoapSourceReader implements ReportAssembler.SourceReader {

    /** No partner sends more repetitions than this; the bound keeps a hostile message cheap. */
    private static final int MAX_VALUES = 50;
    private static final Map<String, SoapPath> PARSED = new ConcurrentHashMap<>();
    private final Element operation;

    SoapSourceReader(Element operation) {
        this.operation = operation;
    }

    @Override
    public List<String> read(FieldRule rule) {
        SoapPath path = parse(rule.from());
        List<Element> matched = elements(operation, path.steps());
        List<String> values = new ArrayList<>();
        for (Element element : matched) {
            String value = valueOf(element, path.attribute());
            if (value != null && matches(rule, element) && values.size() < MAX_VALUES) {
                values.add(value);
            }
        }
        return values;
    }

    private boolean matches(FieldRule rule, Element matched) {
        for (Map.Entry<String, List<String>> condition : rule.where().entrySet()) {
            SoapPath conditionPath = parse(condition.getKey());
            boolean relative = condition.getKey().startsWith(rule.from() + "/");
            List<Element> at = relative
                    ? elements(matched, conditionPath.below(parse(rule.from()).steps().size()).steps())
                    : elements(operation, conditionPath.steps());
            boolean found = false;
            for (Element element : at) {
                String value = valueOf(element, conditionPath.attribute());
                found |= value != null && condition.getValue().contains(value);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static List<Element> elements(Element from, List<String> steps) {
        List<Element> current = List.of(from);
        for (String step : steps) {
            List<Element> next = new ArrayList<>();
            for (Element element : current) {
                for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (child instanceof Element e && step.equals(e.getLocalName()) && next.size() < MAX_VALUES) {
                        next.add(e);
                    }
                }
            }
            current = next;
        }
        return current;
    }

    private static String valueOf(Element element, String attribute) {
        String value = attribute == null ? element.getTextContent()
                : element.hasAttribute(attribute) ? element.getAttribute(attribute) : null;
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Paths come only from validated agreements, so the cache is as small as the mappings. */
    private static SoapPath parse(String path) {
        return PARSED.computeIfAbsent(path, p -> SoapPath.parse(p).orElseThrow(() -> new IllegalStateException(
                "mapping path '" + p + "' passed agreement validation but is not a SOAP element path")));
    }
}
