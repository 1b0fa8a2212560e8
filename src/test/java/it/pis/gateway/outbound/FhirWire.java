package it.pis.gateway.outbound;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.util.FhirTerser;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Narrative;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a recipient of a {@code fhir-document} can read, found by an independent parser:
 * HAPI parses the bytes as they left (strictly), and every primitive value of every resource
 * (ids, codes, strings, dates, extension values...) and the text of every narrative are
 * collected; base64 content (attachments) is decoded, and kept as text when it is UTF-8.
 */
public final class FhirWire {

    private static final FhirContext FHIR = FhirContext.forR4();

    private FhirWire() {
    }

    /** All readable values, one per line. */
    public static String text(byte[] rendered) {
        return String.join("\n", values(rendered));
    }

    /** All readable values in document order. */
    public static List<String> values(byte[] rendered) {
        IParser parser = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        Bundle bundle = parser.parseResource(Bundle.class, new String(rendered, StandardCharsets.UTF_8));
        FhirTerser terser = FHIR.newTerser();
        List<String> values = new ArrayList<>();
        collect(terser, bundle, values);
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() != null) {
                collect(terser, entry.getResource(), values);
            }
        }
        return values;
    }

    /** The primitives of one resource (HAPI's terser stops at resources inside it) and the text of its narratives. */
    private static void collect(FhirTerser terser, IBaseResource resource, List<String> values) {
        for (IPrimitiveType<?> primitive : terser.getAllPopulatedChildElementsOfType(resource, IPrimitiveType.class)) {
            if (primitive instanceof Base64BinaryType data && data.getValue() != null) {
                values.add(data.getValueAsString());
                utf8(data.getValue()).ifPresent(values::add);
            } else if (primitive.getValueAsString() != null) {
                values.add(primitive.getValueAsString());
            }
        }
        for (Narrative narrative : terser.getAllPopulatedChildElementsOfType(resource, Narrative.class)) {
            if (narrative.getDiv() != null) {
                values.add(narrative.getDiv().allText());
            }
        }
    }

    private static java.util.Optional<String> utf8(byte[] bytes) {
        try {
            return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }
}
