package it.pis.gateway.it;

import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.Pem;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The certificate is the partner on the JSON channel: none, one no agreement names, an expired, a
 * not-yet-valid and an untrusted one are each refused with 403, a JSON error and the reason, and
 * journaled. Since no JSON request passes without a certificate, an agreement's requireTls holds here.
 */
class JsonCertificateRefusalTest extends JsonChannelSupport {

    static final String REPORT = "{\"narrative\": \"persona in difficoltà\", \"consent\": true}";
    /** The CA the gateway trusts (generated when the gateway started, so read per test). */
    static DevCertificates.Issued devCa() throws Exception {
        return new DevCertificates.Issued(Pem.readCertificate(CERTS.resolve("dev-ca.crt")),
                Pem.readPrivateKey(CERTS.resolve("dev-ca.key")), null);
    }

    static PartnerClient presenting(DevCertificates.Issued issued) {
        return new PartnerClient(CERTS, PARTNER_PORT, DevCertificates.pkcs12("client", issued));
    }

    void assertRefused(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json(response).get("cause").asString()).isEqualTo("CERTIFICATE_REFUSED");
        assertThat(json(response).get("error").asString()).contains(reason);
        assertThat(journaledCause(response)).isEqualTo("REJECTED CERTIFICATE_REFUSED");
    }

    @Test
    void noCertificate() throws Exception {
        assertRefused(postJson(partner(null), "/json/reports", REPORT, newKey()), "no client certificate presented");
    }

    @Test
    void noEndpointOfTheChannelAnswersWithoutACertificate() throws Exception {
        // so an agreement's requireTls (cav-milano) always holds here: TLS with a client certificate or nothing
        for (String path : List.of("/json/reports", "/json/beds", "/json/placements/PL-1/confirmation",
                "/json/placements/PL-1/decline")) {
            var response = partner(null).post(path, "application/pkcs7-mime", new byte[] {0x30, 0x00},
                    Map.of("Idempotency-Key", newKey()));
            assertRefused(response, "no client certificate presented");
        }
    }

    @Test
    void aCertificateNoAgreementNames() throws Exception {
        var stranger = DevCertificates.issue(devCa(), "not-a-partner", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), false);
        assertRefused(postJson(presenting(stranger), "/json/reports", REPORT, newKey()),
                "is not named by any agreement (inbound[].identity.certificate) on json-rest");
    }

    @Test
    void anExpiredCertificate() throws Exception {
        var expired = DevCertificates.issue(devCa(), "uds-milano-old", Instant.now().minus(Duration.ofDays(400)),
                Instant.now().minus(Duration.ofDays(35)), false);
        assertRefused(postJson(presenting(expired), "/json/reports", REPORT, newKey()), "expired on");
    }

    @Test
    void aCertificateNotYetValid() throws Exception {
        var future = DevCertificates.issue(devCa(), "uds-milano-next", Instant.now().plus(Duration.ofDays(10)),
                Instant.now().plus(Duration.ofDays(400)), false);
        assertRefused(postJson(presenting(future), "/json/reports", REPORT, newKey()), "is not valid before");
    }

    @Test
    void aCertificateFromAnUntrustedCa() throws Exception {
        var otherCa = DevCertificates.newCa("Rogue CA", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        var rogue = DevCertificates.issue(otherCa, "uds-milano", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), false);
        assertRefused(postJson(presenting(rogue), "/json/reports", REPORT, newKey()),
                "is not issued by a CA the gateway trusts");
    }
}
