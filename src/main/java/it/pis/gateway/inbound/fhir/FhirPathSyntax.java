package it.pis.gateway.inbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
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
 */
public class FhirPathSyntax implements MappingPathSyntax {

    static final Pattern LEADING_TYPE = Pattern.compile("^([A-Z][A-Za-z]*)(?=\\.|$)");

    private volatile FhirContext context;
    private volatile IFhirPath fhirPath;

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

    private IFhirPath engine() {
        if (fhirPath == null) {
            fhirPath = context().newFhirPath();
        }
        return fhirPath;
    }
}
