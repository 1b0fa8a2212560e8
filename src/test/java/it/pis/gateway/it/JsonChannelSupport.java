package it.pis.gateway.it;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Helpers for the JSON REST channel tests: post as a partner with a fresh Idempotency-Key, read answers. */
abstract class JsonChannelSupport extends GatewayIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    it.pis.gateway.journal.JournalCipher journalCipher;

    static String newKey() {
        return UUID.randomUUID().toString();
    }

    static HttpResponse<String> postJson(PartnerClient client, String path, String body, String key) throws Exception {
        return client.post(path, "application/json", body.getBytes(StandardCharsets.UTF_8),
                key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The journal's record of the refused message the answer names. */
    String journaledCause(HttpResponse<String> response) {
        return jdbc.queryForObject("SELECT outcome || ' ' || cause FROM inbound_message WHERE id = ?", String.class,
                json(response).get("messageId").asString());
    }
}
