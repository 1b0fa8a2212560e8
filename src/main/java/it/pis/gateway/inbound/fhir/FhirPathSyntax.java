package it.pis.gateway.inbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.StructureDefinition;
import it.pis.gateway.agreement.Channels;
import it.pis.gateway.agreement.MappingPathSyntax;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks fhir-rest mapping paths when agreements are loaded: each must be a FHIRPath expression
 * that HAPI's R4 engine parses, and when it starts with a capitalised name (the usual form,
 * {@code Patient.name.first().family}) that name must be an R4 resource type, so that a typo such
 * as {@code Patinet.name} is refused at load time instead of silently reading nothing.
 * <p>
 * Parsing needs no type information, so the engine here is given none: HAPI's own
 * ({@code FhirContext.newFhirPath()}) first loads every R4 StructureDefinition, seconds of start-up
 * spent before the agreements could even be checked.
 */
public class FhirPathSyntax implements MappingPathSyntax {

    static final Pattern LEADING_TYPE = Pattern.compile("^([A-Z][A-Za-z]*)(?=\\.|$)");

    private volatile FhirContext context;
    private volatile FHIRPathEngine parser;

    /** For the CLI and tests: the FHIR context (slow to create) is made on the first check. */
    public FhirPathSyntax() {
    }

    public FhirPathSyntax(FhirContext context) {
        this.context = context;
    }

    @Override
    public String channel() {
        return Channels.FHIR_REST;
    }

    @Override
    public Optional<String> problemWith(String path) {
        Matcher type = LEADING_TYPE.matcher(path.strip());
        if (type.find() && !context().getResourceTypes().contains(type.group(1))) {
            return Optional.of("'" + path + "' starts with '" + type.group(1) + "', which is not a FHIR R4 resource type"
                    + " (a path such as Patient.name.first().family reads the Patient resources of the message)");
        }
        try {
            synchronized (this) {
                engine().parse(path);
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("'" + path + "' is not a FHIRPath expression: " + e.getMessage());
        }
    }

    private FhirContext context() {
        if (context == null) {
            synchronized (this) {
                if (context == null) {
                    context = FhirContext.forR4Cached();
                }
            }
        }
        return context;
    }

    private FHIRPathEngine engine() {
        if (parser == null) {
            FhirContext fhir = context();
            parser = new FHIRPathEngine(new HapiWorkerContext(fhir, new IValidationSupport() {
                @Override
                public FhirContext getFhirContext() {
                    return fhir;
                }

                @Override
                @SuppressWarnings("unchecked")
                public <T extends org.hl7.fhir.instance.model.api.IBaseResource> java.util.List<T> fetchAllStructureDefinitions() {
                    return (java.util.List<T>) java.util.List.<StructureDefinition>of();
                }
            }));
        }
        return parser;
    }
}
