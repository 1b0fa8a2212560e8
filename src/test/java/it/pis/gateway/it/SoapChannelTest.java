package it.pis.gateway.it;

import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.soap.SOAPFaultException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.w3c.dom.Element;

import javax.xml.transform.Source;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.util.UUID;

import static it.pis.gateway.inbound.soap.SignedEnvelopes.request;
import static it.pis.gateway.inbound.soap.SignedEnvelopes.wss4j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The police's SOAP channel driven by a real CXF client that signs with WSS4J (ModI
 * ID_AUTH_SOAP_01) over mutual TLS: WSDL, report id, idempotent resend, and the signer refusals a
 * CXF client meets (another partner's key, expired, bad-CA and revoked corpus keys).
 */
class SoapChannelTest extends GatewayIntegrationTest {

    static final String QUESTURA = "questura-milano";

    @Autowired
    JdbcTemplate jdbc;

    String url() {
        return partner(QUESTURA).uri("/soap/segnalazioni").toString();
    }

    Dispatch<Source> signingAs(String tlsPartner, KeyStore keys, String alias, String password) throws Exception {
        return SoapClients.cxfClient(url(), CERTS, PartnerClient.loadPkcs12(CERTS.resolve(tlsPartner + ".p12")), keys, alias,
                password);
    }

    Dispatch<Source> questura() throws Exception {
        return signingAs(QUESTURA, PartnerClient.loadPkcs12(CERTS.resolve(QUESTURA + ".p12")), QUESTURA, "changeit");
    }

    @Test
    void theWsdlAndItsSchemaAreServedOnThePartnerPort() throws Exception {
        HttpResponse<String> wsdl = partner(QUESTURA).get("/soap/segnalazioni?wsdl");
        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("SubmitReport").contains("https://localhost:" + PARTNER_PORT + "/soap/segnalazioni");
        HttpResponse<String> xsd = partner(QUESTURA).get("/soap/segnalazioni?xsd=segnalazioni.xsd");
        assertThat(xsd.statusCode()).isEqualTo(200);
        assertThat(xsd.body()).contains("senderOrganization").contains("istatCode");
        assertThat(get("/soap/segnalazioni?wsdl").statusCode()).isEqualTo(403);
    }

    @Test
    void aGetWithoutWsdlIsTheSendersMistakeAndSaysWhereTheWsdlIs() throws Exception {
        HttpResponse<String> response = partner(QUESTURA).get("/soap/segnalazioni");

        assertThat(response.body()).contains("<faultcode>soap:Client</faultcode>", "HTTP POST", "?wsdl")
                .doesNotContain("internal error");
    }

    @Test
    void aSignedReportIsStoredMappedAndAnsweredWithItsIdAndAResendGetsTheSameId() throws Exception {
        String messageId = "QMI-" + UUID.randomUUID();
        Element first = SoapClients.submit(questura(), request(messageId, "QUESTURA-MI"));
        String reportId = SoapClients.text(first, "reportId");
        assertThat(SoapClients.text(first, "duplicate")).isEqualTo("false");

        String report = get("/api/reports/" + reportId).body();
        assertThat(report).contains("\"partnerId\":\"questura-milano\"").contains("\"channel\":\"soap\"")
                .contains("\"externalId\":\"" + messageId + "\"").contains("\"sourceType\":\"5\"")
                .contains("\"familyName\":\"Rossi\"").contains("\"birthDate\":\"1985-12-10\"")
                .contains("RSSMRA85T10A562S").doesNotContain("YA1234567")
                .contains("\"municipalityIstat\":\"015146\"").contains("45.4862")
                .contains("\"urgency\":\"EMERGENCY\"").contains("HOMELESS").contains("ADULT_IN_DIFFICULTY")
                .contains("Stazione Centrale").contains("+39 02 62261");

        Element again = SoapClients.submit(questura(), request(messageId, "QUESTURA-MI"));
        assertThat(SoapClients.text(again, "reportId")).isEqualTo(reportId);
        assertThat(SoapClients.text(again, "duplicate")).isEqualTo("true");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE external_id = ?", Integer.class, messageId)).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT outcome FROM inbound_message WHERE external_id = ? ORDER BY received_at",
                String.class, messageId)).containsExactly("ACCEPTED", "DUPLICATE");
    }

    @Test
    void aSignatureByAnotherPartnersValidKeyIsAnIdentityMismatch() throws Exception {
        String messageId = "QMI-" + UUID.randomUUID();
        Dispatch<Source> client = signingAs(QUESTURA, PartnerClient.loadPkcs12(CERTS.resolve("csm-milano-nord.p12")),
                "csm-milano-nord", "changeit");
        assertThatThrownBy(() -> SoapClients.submit(client, request(messageId, "QUESTURA-MI")))
                .isInstanceOfSatisfying(SOAPFaultException.class, e ->
                        assertThat(e.getFault().getFaultCodeAsQName().getLocalPart()).isEqualTo("Client"))
                .hasMessageContaining("identity mismatch").hasMessageContaining("agreement questura-milano's")
                .hasMessageContaining("csm-milano-nord").hasMessageContaining("inbound[0].identity.certificate");
        assertThat(rejection(messageId)).isEqualTo("IDENTITY_MISMATCH");
    }

    @Test
    void theCorpusExpiredBadCaAndRevokedSignersAreRefusedWithTheirReason() throws Exception {
        KeyStore expiredKey = wss4j("wss40exp");
        KeyStore badCaKey = wss4j("wss40badca");
        KeyStore revokedKey = wss4j("wss40rev");
        String expired = "QMI-" + UUID.randomUUID();
        assertThatThrownBy(() -> SoapClients.submit(signingAs(QUESTURA, expiredKey, "wss40exp", "security"),
                request(expired, "QUESTURA-MI"))).isInstanceOf(SOAPFaultException.class)
                .hasMessageContaining("signer certificate").hasMessageContaining("expired on 2019-04-24");
        assertThat(rejection(expired)).isEqualTo("CERTIFICATE_REFUSED");

        String badCa = "QMI-" + UUID.randomUUID();
        assertThatThrownBy(() -> SoapClients.submit(signingAs(QUESTURA, badCaKey, "wss40expca", "security"),
                request(badCa, "QUESTURA-MI"))).isInstanceOf(SOAPFaultException.class)
                .hasMessageContaining("not issued by a CA the gateway trusts");
        assertThat(rejection(badCa)).isEqualTo("CERTIFICATE_REFUSED");

        // the gateway does not trust the WSS4J test CA, so the revoked key is refused as untrusted
        // here; WsSecurityCheckTest trusts that CA with its CRL and proves the "revoked" reason
        String revoked = "QMI-" + UUID.randomUUID();
        assertThatThrownBy(() -> SoapClients.submit(signingAs(QUESTURA, revokedKey, "wss40rev", "security"),
                request(revoked, "QUESTURA-MI"))).isInstanceOf(SOAPFaultException.class)
                .hasMessageContaining("not issued by a CA the gateway trusts");
        assertThat(rejection(revoked)).isEqualTo("CERTIFICATE_REFUSED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE external_id IN (?, ?, ?)", Integer.class,
                expired, badCa, revoked)).isZero();
    }

    @Test
    void aClientCertificateOfAnotherChannelsPartnerIsRefused() throws Exception {
        String messageId = "QMI-" + UUID.randomUUID();
        KeyStore csm = PartnerClient.loadPkcs12(CERTS.resolve("csm-milano-nord.p12"));
        assertThatThrownBy(() -> SoapClients.submit(signingAs("csm-milano-nord", csm, "csm-milano-nord", "changeit"),
                request(messageId, "QUESTURA-MI"))).isInstanceOf(SOAPFaultException.class)
                .hasMessageContaining("belongs to agreement csm-milano-nord, which may not send on soap");
        assertThat(rejection(messageId)).isEqualTo("CERTIFICATE_REFUSED");
    }

    String rejection(String messageId) {
        return jdbc.queryForObject("SELECT cause FROM inbound_message WHERE external_id = ? AND outcome = 'REJECTED'",
                String.class, messageId);
    }

}
