package it.pis.gateway.outbound.json;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.AgreementProblem;
import it.pis.gateway.outbound.OutboundAgreementCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing signs JSON deliveries (the bytes go as rendered, CMS or plain, over mutual TLS): the agreement may only say sign: none. */
class JsonAgreementRulesTest {

    @TempDir
    Path folder;

    List<AgreementProblem> problems(String id, String from, String to) {
        AgreementFiles.write(folder, id, AgreementFiles.replacing(AgreementFiles.demo(id), from, to));
        Agreement agreement = AgreementFiles.loader().load(folder).byId(id).orElseThrow();
        return new OutboundAgreementCheck().check(agreement, id + ".yaml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cav-milano", "casa-accoglienza-san-martino"})
    void theDemoJsonRecipientsAreValid(String id) {
        assertThat(problems(id, "sign: none", "sign: none")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cav-milano", "casa-accoglienza-san-martino"})
    void aJsonRecipientThatAsksForAJwsSignatureIsRefusedNamingTheField(String id) {
        assertThat(problems(id, "sign: none", "sign: jws")).extracting(AgreementProblem::toString)
                .containsExactly(id + ".yaml: outbound.sign: format "
                        + (id.startsWith("cav") ? "json-handover" : "json-placement") + " is signed with one of [none], not jws");
    }

    @Test
    void cmsNeedsTheRecipientsCertificate() {
        assertThat(problems("cav-milano", "  certificate: cav-milano.crt      # handovers are CMS-encrypted to this certificate\n", ""))
                .extracting(AgreementProblem::field).containsExactly("outbound.certificate");
    }
}
