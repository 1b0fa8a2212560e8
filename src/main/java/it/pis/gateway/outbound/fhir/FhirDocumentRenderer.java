package it.pis.gateway.outbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.HandoverRenderer;
import it.pis.gateway.outbound.Rendered;
import org.hl7.fhir.r4.model.Bundle;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * {@code fhir-document}: the handover as a FHIR R4 document Bundle for mental-health (CSM) and
 * addiction (SerD) services, in JSON. The Composition comes first ("Documento di sintesi
 * dell'intervento", LOINC 34133-9 plus the centre's own code), then the Patient with only the
 * shared person fields, the operator (Practitioner) and the centre (Organization, author and
 * custodian), and the resources the sections point to. One section per content field the
 * recipient's document carries, each with an Italian narrative. The document's confidentiality is
 * {@code Composition.confidentiality} and a security label on every resource.
 *
 * <p>{@code Bundle.identifier} is {@code urn:uuid:<delivery id>}, the message id: the same at every
 * attempt, so that a receiver drops a resend. The bytes are final; the ModI signature of each POST
 * is the transport's (routes/fhir-rest-out.yaml).
 */
public class FhirDocumentRenderer implements HandoverRenderer {

    public static final String FORMAT = "fhir-document";
    public static final String CONTENT_TYPE = "application/fhir+json";

    private final FhirContext fhir;
    private final ZoneId zone;

    /**
     * @param fhir the application's R4 context (thread-safe)
     * @param zone the centre's time zone, for timestamps and the dates people read
     */
    public FhirDocumentRenderer(FhirContext fhir, ZoneId zone) {
        this.fhir = fhir;
        this.zone = zone;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Rendered render(HandoverDocument document, Agreement recipient) {
        if (document.deliveryId() == null || document.createdAt() == null || document.sender() == null) {
            throw new IllegalArgumentException("a FHIR document needs the delivery id, the time and the sender of the handover");
        }
        Bundle bundle = new DocumentBuilder(document, zone).build();
        String json = fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
        return new Rendered(DocumentBuilder.messageId(document), CONTENT_TYPE, json.getBytes(StandardCharsets.UTF_8));
    }
}
