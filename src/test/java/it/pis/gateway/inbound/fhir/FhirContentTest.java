package it.pis.gateway.inbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Signature;
import org.junit.jupiter.api.Test;

import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/** What two uses of one FHIR idempotency key are compared by: the resource without its per-send details. */
class FhirContentTest {

    static final FhirContext FHIR = FhirContext.forR4();

    static Bundle bundle(String familyName) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.getIdentifier().setSystem("https://fhir.csm-nord.example/tx").setValue("T-1");
        Patient patient = new Patient();
        patient.addName().setFamily(familyName);
        bundle.addEntry().setFullUrl("urn:uuid:p").setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        return bundle;
    }

    static String hash(Resource resource) {
        return FhirContent.hash(FHIR.newJsonParser(), resource);
    }

    @Test
    void timestampSignatureAndMetaOfASendAreNotContent() {
        Bundle resent = bundle("Rossi").setTimestamp(new Date());
        resent.setSignature(new Signature().setData("c2lnbmF0dXJl".getBytes()));
        resent.getMeta().setLastUpdated(new Date()).setVersionId("7").setSource("https://fhir.csm-nord.example#req-42");
        resent.getEntryFirstRep().getResource().getMeta().setLastUpdated(new Date());

        Bundle first = bundle("Rossi");
        first.getMeta().setSource("https://fhir.csm-nord.example");
        assertThat(hash(resent)).isEqualTo(hash(first));
    }

    @Test
    void jsonAndXmlOfOneResourceHashAlike() {
        Bundle bundle = bundle("Rossi");
        Resource fromXml = (Resource) FHIR.newXmlParser().parseResource(FHIR.newXmlParser().setPrettyPrint(true)
                .encodeResourceToString(bundle));
        assertThat(hash(fromXml)).isEqualTo(hash(bundle));
    }

    @Test
    void anotherEntryIsOtherContentAndTheParsedResourceIsLeftAsItCame() {
        Bundle first = bundle("Rossi").setTimestamp(new Date());
        assertThat(hash(bundle("Bianchi"))).isNotEqualTo(hash(first));
        assertThat(first.hasTimestamp()).isTrue();
    }
}
