package it.pis.gateway.inbound.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds elements that FHIR R4 requires (minimum cardinality 1) but the resource lacks, e.g. a
 * ServiceRequest without {@code subject} or a MessageHeader without {@code source}, walking the
 * resource, its contained resources and a Bundle's entry resources with HAPI's own structure
 * definitions. The parser does not check cardinality; a full profile validation is not needed to
 * refuse a message that is incomplete by the base specification.
 */
final class RequiredElements {

    private static final int MAX_DEPTH = 40;
    private static final int MAX_PROBLEMS = 10;

    private RequiredElements() {
    }

    /** Paths of the missing elements (at most {@value #MAX_PROBLEMS}), empty when none is missing. */
    static List<String> missing(FhirContext context, IBaseResource resource) {
        List<String> problems = new ArrayList<>();
        walkResource(context, resource, resource.fhirType(), problems, 0);
        return problems;
    }

    private static void walkResource(FhirContext context, IBaseResource resource, String path, List<String> problems,
                                     int depth) {
        walk(context, resource, context.getResourceDefinition(resource), path, problems, depth);
    }

    private static void walk(FhirContext context, IBase element, BaseRuntimeElementCompositeDefinition<?> definition,
                             String path, List<String> problems, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            if (problems.size() >= MAX_PROBLEMS) {
                return;
            }
            List<IBase> values = new ArrayList<>();
            for (IBase value : child.getAccessor().getValues(element)) {
                if (value != null && !value.isEmpty()) {
                    values.add(value);
                }
            }
            String name = child.getElementName();
            if (child.getMin() > 0 && values.isEmpty()) {
                problems.add(path + "." + name);
            }
            for (int i = 0; i < values.size(); i++) {
                IBase value = values.get(i);
                String at = path + "." + name + (values.size() > 1 ? "[" + i + "]" : "");
                if (value instanceof IBaseResource resource) {
                    walkResource(context, resource, at + "(" + resource.fhirType() + ")", problems, depth + 1);
                } else {
                    BaseRuntimeElementDefinition<?> type = context.getElementDefinition(value.getClass());
                    if (type instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
                        walk(context, value, composite, at, problems, depth + 1);
                    }
                }
            }
        }
    }
}
