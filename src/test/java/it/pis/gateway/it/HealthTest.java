package it.pis.gateway.it;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What a monitoring probe sees: the journal, the broker and the routes, each UP. */
class HealthTest extends GatewayIntegrationTest {

    @Test
    void healthNamesJournalBrokerAndRoutes() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("{\"components\"").contains("\"db\":{", "\"jms\":{", "\"camelHealth\":{")
                .doesNotContain("\"DOWN\"").endsWith("\"status\":\"UP\"}");
    }
}
