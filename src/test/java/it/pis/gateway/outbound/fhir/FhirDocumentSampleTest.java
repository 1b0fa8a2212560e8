package it.pis.gateway.outbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import it.pis.gateway.report.Confidentiality;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/samples/handover-document-bundle.json is what the renderer makes of the fictional case in
 * {@link HandoverCases} for csm-milano-nord (its sharing list, a RESTRICTED case). The test fails
 * when the sample and the renderer part; {@code -Dpis.samples.write=true} writes it anew.
 */
class FhirDocumentSampleTest {

    static final Path SAMPLE = Path.of("docs/samples/handover-document-bundle.json");

    @Test
    void theSampleIsWhatTheRendererMakes() throws IOException {
        List<String> csm = List.of("person.familyName", "person.givenName", "person.birthDate", "person.identifier",
                "summary", "assessment", "actions", "urgentHelpProject");
        byte[] rendered = new FhirDocumentRenderer(FhirContext.forR4(), ZoneId.of("Europe/Rome")).render(
                HandoverCases.document(csm, Confidentiality.RESTRICTED, null, LocalDate.of(1971, 3, 14)), null).content();
        if (Boolean.getBoolean("pis.samples.write")) {
            Files.createDirectories(SAMPLE.getParent());
            Files.write(SAMPLE, rendered);
        }
        assertThat(SAMPLE).as("run with -Dpis.samples.write=true to write it").exists();
        assertThat(Files.readAllBytes(SAMPLE)).isEqualTo(rendered);
    }
}
