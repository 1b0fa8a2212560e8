package it.pis.gateway.it;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a monitoring probe sees: UP or DOWN without a login (load balancers), and to an admin the
 * journal, the broker and the routes, each UP.
 */
class HealthTest extends GatewayIntegrationTest {

    @Test
    void anyoneSeesUpButOnlyTheStatus() throws Exception {
        HttpResponse<String> health = anonymous(HttpRequest.newBuilder(staffUri("/actuator/health")));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).endsWith("\"status\":\"UP\"}").doesNotContain("components", "\"db\"");
    }

    @Test
    void anAdminSeesJournalBrokerAndRoutes() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("{\"components\"").contains("\"db\":{", "\"jms\":{", "\"camelHealth\":{")
                .doesNotContain("\"DOWN\"").endsWith("\"status\":\"UP\"}");
    }
}
