package it.pis.gateway.inbound.fhir;

import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.AgreementProblem;
import it.pis.gateway.agreement.InvalidAgreementsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static it.pis.gateway.agreement.AgreementFiles.demo;
import static it.pis.gateway.agreement.AgreementFiles.replacing;
import static it.pis.gateway.agreement.AgreementFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A wrong FHIRPath in a fhir-rest agreement is refused when agreements load, naming the field. */
class FhirPathSyntaxTest {

    private final FhirPathSyntax syntax = new FhirPathSyntax();

    @Test
    void acceptsTheFhirPathsOfTheDemoAgreements() {
        assertThat(syntax.problemWith("Patient.name.first().family")).isEmpty();
        assertThat(syntax.problemWith("Communication.payload.content")).isEmpty();
        assertThat(syntax.problemWith("ServiceRequest.note.where(text.exists()).text")).isEmpty();
    }

    @Test
    void refusesAnUnknownResourceTypeAndBrokenSyntax() {
        assertThat(syntax.problemWith("Patinet.name.first().family")).get().asString()
                .contains("'Patinet' which is not a FHIR R4 resource type".replace(" which", ", which"));
        assertThat(syntax.problemWith("Patient.name.first(.family")).get().asString()
                .contains("is not a FHIRPath expression");
    }

    @Test
    void theLoaderRefusesAnAgreementWithAWrongPath(@TempDir Path folder) {
        Path file = write(folder, "csm-milano-nord", replacing(demo("csm-milano-nord"),
                "\"ServiceRequest.note.text\"", "\"ServiceRequest.note.text)\""));
        InvalidAgreementsException e = assertThrows(InvalidAgreementsException.class,
                () -> AgreementFiles.loader().load(folder));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file.toString());
            assertThat(p.field()).isEqualTo("inbound[0].mapping.narrative.from");
        });
        assertThat(e.problems()).extracting(AgreementProblem::toString).isNotEmpty();
    }
}
