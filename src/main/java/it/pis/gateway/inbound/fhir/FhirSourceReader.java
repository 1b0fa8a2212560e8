package it.pis.gateway.inbound.fhir;

import ca.uhn.fhir.fhirpath.IFhirPath;
import it.pis.gateway.agreement.FieldRule;
import it.pis.gateway.inbound.ReportAssembler;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

/**
 * Reads fhir-rest mapping paths (FHIRPath) from a parsed request.
 *
 * <p>How a path is evaluated across a Bundle: a path that starts with a resource type
 * ({@code Patient.name.first().family}) is evaluated on <em>each resource of that type</em> among
 * the Bundle's entry resources (or the posted resource) and their contained resources, in document
 * order, and the results are concatenated; the Report takes the first (or all, for list fields such
 * as {@code needs}). So one mapping serves a message Bundle, a transaction, a collection and a
 * single ServiceRequest with a contained Patient alike. Any other path ({@code %resource}...,
 * {@code Bundle.identifier.value} with the Bundle as root) is evaluated on the posted resource.
 *
 * <p>Only primitive results become values ({@code string}, {@code code}, {@code date}, ...;
 * their FHIR string form); a path that ends on a complex element reads nothing: end it on the
 * primitive ({@code .text}, {@code .value}, {@code .code}). The {@code where} filter of HL7 rules
 * is not used here: FHIRPath has its own {@code where()}.
 *
 * <p>HAPI's FHIRPath engine keeps state while it evaluates, so evaluations share it one at a time.
 */
final class FhirSourceReader implements ReportAssembler.SourceReader {

    private final IFhirPath engine;
    private final Map<String, IFhirPath.IParsedExpression> parsed;
    private final FhirData data;
    private boolean foundAny;

    FhirSourceReader(IFhirPath engine, Map<String, IFhirPath.IParsedExpression> parsed, FhirData data) {
        this.engine = engine;
        this.parsed = parsed;
        this.data = data;
    }

    /** Whether any path read a value: a message in which the mapping finds nothing is no report. */
    boolean foundAny() {
        return foundAny;
    }

    @Override
    public List<String> read(FieldRule rule) {
        String path = rule.from().strip();
        Matcher type = FhirPathSyntax.LEADING_TYPE.matcher(path);
        List<IBase> results = new ArrayList<>();
        synchronized (engine) {
            IFhirPath.IParsedExpression expression = parsed.computeIfAbsent(path, this::parse);
            if (type.find()) {
                for (Resource resource : data.resources()) {
                    if (resource.fhirType().equals(type.group(1))) {
                        results.addAll(evaluate(resource, expression));
                    }
                }
            } else {
                results.addAll(evaluate(data.root(), expression));
            }
        }
        List<String> values = new ArrayList<>();
        for (IBase result : results) {
            if (result instanceof IPrimitiveType<?> primitive && primitive.getValueAsString() != null
                    && !primitive.getValueAsString().isBlank()) {
                values.add(primitive.getValueAsString());
            }
        }
        foundAny |= !values.isEmpty();
        return values;
    }

    private List<IBase> evaluate(IBase input, IFhirPath.IParsedExpression expression) {
        try {
            return engine.evaluate(input, expression, IBase.class);
        } catch (Exception e) {
            // a runtime FHIRPath error on one resource (e.g. single() on a list) reads as nothing there
            return List.of();
        }
    }

    private IFhirPath.IParsedExpression parse(String path) {
        try {
            return engine.parse(path);
        } catch (Exception e) {
            throw new IllegalStateException("mapping path '" + path + "' passed agreement validation but is not FHIRPath", e);
        }
    }

    static Map<String, IFhirPath.IParsedExpression> newCache() {
        return new ConcurrentHashMap<>();
    }
}
