package it.pis.gateway.it;

import it.pis.gateway.crypto.DevCertificates;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Partners and staff reach the gateway on different ports, and neither reaches the other's endpoints. */
class PartnerPortsTest extends GatewayIntegrationTest {

    @Test
    void theStaffApiIsNotServedOnThePartnerPort() throws Exception {
        var response = partner("csm-milano-nord").get("/api/reports");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("not a partner endpoint");
    }

    @Test
    void partnerEndpointsAreNotServedOnTheStaffPort() throws Exception {
        var response = post("/json/reports", "{}");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("only over HTTPS on port " + PARTNER_PORT);
    }

    @Test
    void theHandshakeTakesAnyClientCertificateSoThatRefusalsCanSayWhy() throws Exception {
        var otherCa = DevCertificates.newCa("Not the gateway's CA", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        var stranger = DevCertificates.issue(otherCa, "stranger", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), false);

        for (PartnerClient client : List.of(partner("csm-milano-nord"),
                new PartnerClient(CERTS, PARTNER_PORT, DevCertificates.pkcs12("stranger", stranger)))) {
            var response = client.get("/api/reports");
            assertThat(response.sslSession().orElseThrow().getLocalCertificates()).as("client certificate sent").hasSize(2);
        }
    }

    @Test
    void thePartnerPortSpeaksTlsWithTheGeneratedGatewayCertificate() throws Exception {
        var response = partner(null).post("/json/nothing-here", "application/json", "{}".getBytes(), Map.of());
        assertThat(response.sslSession()).isPresent();
        assertThat(response.sslSession().get().getPeerPrincipal().getName()).contains("CN=localhost");
    }
}
