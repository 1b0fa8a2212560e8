package it.pis.gateway.it;

import it.pis.gateway.journal.AuditTrail;
import it.pis.gateway.journal.RetentionPeriods;
import it.pis.gateway.journal.RetentionPolicy;
import it.pis.gateway.journal.RetentionPurge;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handover through the running gateway, at rest: its body, what was sent and the receipt are sealed
 * in the journal under the configured key (the summary is in none of the columns), the API still gives
 * back exactly what was sent; once the retention purge took them, the content and the receipt answer
 * 410 Gone as problem+json naming when and the rule, the handover answers 200 with its envelope and
 * when it was purged, and the console's page says so instead of an empty summary.
 */
class HandoverAtRestTest extends JsonChannelSupport {

    @Autowired
    AuditTrail auditTrail;
    @Autowired
    tools.jackson.databind.json.JsonMapper jsonMapper;

    @Test
    void aHandoversBytesAreSealedAndOncePurgedAnswer410NamingTheRule() throws Exception {
        String marker = "Sintesi-" + UUID.randomUUID();
        String report = ConsoleInboxTest.hl7Report("Conservazione");
        HttpResponse<String> created = post("/api/handovers", """
                {"reportIds": ["%s"], "recipients": ["ospedale-san-carlo"], "summary": "%s"}
                """.formatted(report, marker));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).at("/handover/id").asString();
        awaitAcknowledged(id);

        String key = journalCipher.currentKeyId();
        assertThat(jdbc.queryForObject("SELECT body FROM handover WHERE id = ?", String.class, id)).doesNotContain(marker);
        assertThat(jdbc.queryForObject("SELECT body_key_id FROM handover WHERE id = ?", String.class, id)).isEqualTo(key);
        jdbc.query("SELECT content, receipt, content_key_id, receipt_key_id FROM delivery WHERE handover_id = ?", rs -> {
            assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain(marker)
                    .doesNotContainIgnoringCase("Conservazione");
            assertThat(rs.getBytes(2)).isNotEmpty();
            assertThat(rs.getString(3)).isEqualTo(key);
            assertThat(rs.getString(4)).isEqualTo(key);
        }, id);
        HttpResponse<byte[]> sent = staff().getBytes("/api/handovers/" + id + "/deliveries/ospedale-san-carlo/content");
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(new String(sent.body(), StandardCharsets.ISO_8859_1)).as("what the table must not show in clear")
                .containsIgnoringCase("Conservazione");
        assertThat(sha256(sent.body())).isEqualTo(jdbc.queryForObject(
                "SELECT content_sha256 FROM delivery WHERE handover_id = ?", String.class, id));
        assertThat(get("/api/handovers/" + id).body()).contains(marker);

        purge(id);

        HttpResponse<String> content = get("/api/handovers/" + id + "/deliveries/ospedale-san-carlo/content");
        assertThat(content.statusCode()).isEqualTo(410);
        assertThat(content.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(content);
        assertThat(problem.get("title").asString()).isEqualTo("Removed by the retention purge");
        assertThat(problem.get("retentionRule").asString()).isEqualTo("retention.handovers P1D of agreement ospedale-san-carlo");
        assertThat(problem.get("detail").asString()).contains("what was sent", "of handover " + id,
                "by the retention purge under retention.handovers P1D", "record");
        HttpResponse<String> receipt = get("/api/handovers/" + id + "/deliveries/ospedale-san-carlo/receipt");
        assertThat(receipt.statusCode()).isEqualTo(410);
        assertThat(json(receipt).get("detail").asString()).startsWith("the receipt in delivery");

        HttpResponse<String> handover = get("/api/handovers/" + id);
        assertThat(handover.statusCode()).isEqualTo(200);
        JsonNode view = json(handover);
        assertThat(view.has("purgedAt")).isTrue();
        assertThat(view.at("/handover/summary").isMissingNode()).isTrue();
        assertThat(view.at("/handover/reportIds/0").asString()).isEqualTo(report);
        assertThat(view.at("/deliveries/0/state").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(view.at("/deliveries/0/contentPurgedAt").isMissingNode()).isFalse();
        assertThat(handover.body()).doesNotContain(marker);
        assertThat(get("/api/handovers?limit=1000").statusCode()).isEqualTo(200);

        HttpResponse<String> page = as("it.atrest.operator", EnumSet.of(StaffRole.OPERATOR)).get("/console/handovers/" + id);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"purged-notice\"", "periodo di conservazione")
                .contains("data-delivery=\"ospedale-san-carlo\"").doesNotContain(marker);
    }

    /**
     * The purge of this handover only: its delivery's last change is moved a week back, and the
     * recipient's own period is a day, as if its agreement said so; nothing else in the shared journal
     * is old enough under that rule, since every other acknowledgement keeps its time and a test run is
     * shorter than a day.
     */
    private void purge(String handoverId) {
        Instant now = Instant.now();
        jdbc.update("UPDATE delivery SET updated_at = ? WHERE handover_id = ?", Timestamp.from(now.minus(Duration.ofDays(7))),
                handoverId);
        RetentionPolicy policy = new RetentionPolicy(RetentionPeriods.NONE, Map.of("ospedale-san-carlo",
                new RetentionPeriods(null, null, Duration.ofDays(1), null, null)));
        new RetentionPurge(jdbc, 100, 100, auditTrail, () -> policy, Clock.systemUTC(), journalCipher, jsonMapper)
                .purge("it.atrest", "cli");
    }

    private void awaitAcknowledged(String handover) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(
                () -> json(get("/api/handovers/" + handover)).at("/deliveries/0/state").asString(),
                "ACKNOWLEDGED"::equals);
    }

    /** Hex SHA-256, as the journal records the digest of what was sent. */
    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
