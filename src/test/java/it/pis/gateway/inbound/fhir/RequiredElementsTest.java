package it.pis.gateway.inbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Elements R4 requires are found missing in the resource, its contained resources and Bundle entries. */
class RequiredElementsTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void aCompleteServiceRequestLacksNothing() {
        ServiceRequest request = new ServiceRequest().setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER).setSubject(new Reference("Patient/1"));
        assertThat(RequiredElements.missing(FHIR, request)).isEmpty();
    }

    @Test
    void namesWhatIsMissingInsideABundle() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
        bundle.addEntry().setResource(new MessageHeader().addFocus(new Reference("urn:uuid:1")));
        bundle.addEntry().setResource(new ServiceRequest().setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE));
        assertThat(RequiredElements.missing(FHIR, bundle)).contains(
                "Bundle.entry[0].resource(MessageHeader).event", "Bundle.entry[0].resource(MessageHeader).source",
                "Bundle.entry[1].resource(ServiceRequest).intent", "Bundle.entry[1].resource(ServiceRequest).subject");
    }
}
