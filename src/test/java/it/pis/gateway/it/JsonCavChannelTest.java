package it.pis.gateway.it;

import it.pis.gateway.crypto.CmsEnvelopes;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.Pem;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The anti-violence centre (cav-milano: bodyEncryption cms, requireConsent) encrypts each report to
 * the gateway's certificate with BouncyCastle, as its own software would.
 */
class JsonCavChannelTest extends JsonChannelSupport {

    static final String REPORT = """
            {"narrative": "Donna con due figli, chiede protezione immediata", "urgency": "emergency",
             "person": {"givenName": "Anna", "estimatedAge": 34, "sex": "F"},
             "location": {"municipalityIstat": "015146"}, "consent": true}
            """;

    static X509Certificate gateway() throws Exception {
        return Pem.readCertificate(CERTS.resolve("gateway.crt"));
    }

    static HttpResponse<String> postCms(byte[] body, String key) throws Exception {
        return partner("cav-milano").post("/json/reports", "application/pkcs7-mime; smime-type=enveloped-data", body,
                Map.of("Idempotency-Key", key));
    }

    @Test
    void anEncryptedReportWithConsentIsAcceptedAsViolenceVictimVeryRestrictedAndTheJournalKeepsTheCiphertext() throws Exception {
        String key = newKey();
        byte[] encrypted = CmsEnvelopes.rsaAesCbc(REPORT.getBytes(StandardCharsets.UTF_8), gateway());
        var response = postCms(encrypted, key);

        assertThat(response.statusCode()).isEqualTo(201);
        var report = JSON.readTree(get("/api/reports/" + json(response).get("id").asString()).body());
        assertThat(report.at("/source/partnerId").asString()).isEqualTo("cav-milano");
        assertThat(report.at("/targetGroups").toString()).isEqualTo("[\"VIOLENCE_VICTIM\"]");
        assertThat(report.at("/confidentiality").asString()).isEqualTo("VERY_RESTRICTED");
        assertThat(report.at("/person/givenName").asString()).isEqualTo("Anna");
        assertThat(report.at("/consent").asBoolean()).isTrue();
        assertThat(it.pis.gateway.journal.OpenedJournalRows.raw(jdbc, journalCipher,
                "external_id = ? AND outcome = 'ACCEPTED'", key)).isEqualTo(encrypted);
    }

    @Test
    void rsaOaepWithAesGcmIsAcceptedToo() throws Exception {
        var response = postCms(CmsEnvelopes.rsaOaepAesGcm(REPORT.getBytes(StandardCharsets.UTF_8), gateway()), newKey());
        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void aPlaintextReportIsRefusedBecauseTheAgreementRequiresCms() throws Exception {
        var response = postJson(partner("cav-milano"), "/json/reports", REPORT, newKey());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("cause").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(json(response).get("error").asString())
                .contains("agreement cav-milano requires the body encrypted to the gateway's certificate (inbound[0].bodyEncryption: cms)");
        assertThat(journaledCause(response)).isEqualTo("REJECTED UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void aReportEncryptedToAnotherCertificateIsRefusedAsUndecryptable() throws Exception {
        var ca = DevCertificates.newCa("Another recipient CA", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1)));
        var other = DevCertificates.issue(ca, "someone-else", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1)), false);
        var response = postCms(CmsEnvelopes.rsaAesCbc(REPORT.getBytes(StandardCharsets.UTF_8), other.certificate()), newKey());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("cause").asString()).isEqualTo("UNDECRYPTABLE");
        assertThat(json(response).get("error").asString()).contains("not encrypted to the gateway's certificate");
        assertThat(journaledCause(response)).isEqualTo("REJECTED UNDECRYPTABLE");
    }

    @Test
    void aDamagedCiphertextIsRefusedAsUndecryptable() throws Exception {
        byte[] damaged = CmsEnvelopes.rsaOaepAesGcm(REPORT.getBytes(StandardCharsets.UTF_8), gateway());
        damaged[damaged.length - 20] ^= 0x55;
        var response = postCms(damaged, newKey());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("cause").asString()).isEqualTo("UNDECRYPTABLE");
    }

    @Test
    void aReportWithoutConsentIsRefused() throws Exception {
        String withoutConsent = REPORT.replace(", \"consent\": true", "");
        var response = postCms(CmsEnvelopes.rsaAesCbc(withoutConsent.getBytes(StandardCharsets.UTF_8), gateway()), newKey());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("cause").asString()).isEqualTo("CONSENT_MISSING");
        assertThat(json(response).get("error").asString())
                .contains("agreement cav-milano requires the person's consent (inbound[0].requireConsent)")
                .contains("(/consent) is missing");
        assertThat(journaledCause(response)).isEqualTo("REJECTED CONSENT_MISSING");
    }

    @Test
    void aReportWhoseConsentIsFalseIsRefused() throws Exception {
        String refused = REPORT.replace("\"consent\": true", "\"consent\": false");
        var response = postCms(CmsEnvelopes.rsaAesCbc(refused.getBytes(StandardCharsets.UTF_8), gateway()), newKey());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("error").asString()).contains("(/consent) is false");
    }
}
