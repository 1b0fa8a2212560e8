package it.pis.gateway.it;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a monitoring probe sees: the status without a login (load balancers), liveness and readiness
 * probes, and to an admin the journal, the broker and the routes, each UP.
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
        assertThat(health.body()).startsWith("{\"components\"").contains("\"journal\":{", "\"broker\":{", "\"camelHealth\":{")
                .doesNotContain("\"DOWN\"").endsWith("\"status\":\"UP\"}");
    }

    @Test
    void livenessAndReadinessProbesAreUpWithoutALogin() throws Exception {
        for (String probe : new String[]{"/actuator/health/liveness", "/actuator/health/readiness"}) {
            HttpResponse<String> health = anonymous(HttpRequest.newBuilder(staffUri(probe)));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        }
    }
}
