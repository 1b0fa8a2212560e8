package it.pis.gateway.it;

import org.junit.jupiter.api.Test;

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
    void thePartnerPortSpeaksTlsWithTheGeneratedGatewayCertificate() throws Exception {
        var response = partner(null).post("/json/nothing-here", "application/json", "{}".getBytes(), Map.of());
        assertThat(response.sslSession()).isPresent();
        assertThat(response.sslSession().get().getPeerPrincipal().getName()).contains("CN=localhost");
    }
}
