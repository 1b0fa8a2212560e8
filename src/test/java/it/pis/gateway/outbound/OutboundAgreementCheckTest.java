package it.pis.gateway.outbound;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementLoader;
import it.pis.gateway.agreement.AgreementProblem;
import it.pis.gateway.agreement.Outbound;
import it.pis.gateway.agreement.Sharing;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundAgreementCheckTest {

    final OutboundAgreementCheck check = new OutboundAgreementCheck();

    @Test
    void everyDemoAgreementPasses() {
        new AgreementLoader(List.of(), List.of(check)).load(Path.of("protocols"));
    }

    @Test
    void aFormatOnTheWrongChannelWithTheWrongSignatureIsRefusedNamingTheFields() {
        List<AgreementProblem> problems = check.check(agreement(new Outbound("pec", "mllp://h:1", "hl7v2-mdm", "wss",
                "cms", null, null, null)), "x.yaml");

        assertThat(problems).extracting(AgreementProblem::field).containsExactly("outbound.channel", "outbound.sign",
                "outbound.encrypt", "outbound.certificate");
        assertThat(problems.get(0).toString()).contains("format hl7v2-mdm goes over hl7v2-mllp, not pec");
    }

    @Test
    void anEndpointOfAnotherSchemeIsRefused() {
        assertThat(check.check(agreement(new Outbound("fhir-rest", "mailto:a@b.example", "fhir-document", "jws",
                "tls-only", null, null, null)), "x.yaml")).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("outbound.endpoint"));
    }

    @Test
    void tlsOnlyMllpNeedsAnMllpsEndpoint() {
        assertThat(check.check(agreement(new Outbound("hl7v2-mllp", "mllp://h:1", "hl7v2-mdm", "cades", "tls-only",
                null, null, null)), "x.yaml")).singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("needs an mllps: endpoint"));
    }

    private static Agreement agreement(Outbound outbound) {
        return new Agreement("x", "hospital", "X", "basis", List.of(), outbound, new Sharing(List.of(), List.of(), null));
    }
}
