package it.pis.gateway.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admins' view of the journal on the databases it runs on (H2 in PostgreSQL mode, and
 * PostgreSQL at 127.0.0.1:5432 in a schema of its own): searches by every criterion, newest first
 * and paged, each partner's last traffic, and never a byte of content.
 */
class MessageHistoryTest {

    static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");

    SingleConnectionDataSource db;
    JdbcTemplate jdbc;
    MessageHistory history;
    MigratedJournal journalDb;

    void open(String database) {
        journalDb = MigratedJournal.open(database, "pis_history");
        db = journalDb.db;
        jdbc = journalDb.jdbc;
        history = new MessageHistory(jdbc);
    }

    @AfterEach
    void close() {
        journalDb.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void messagesInAreFoundByEachCriterionNewestFirstAndPaged(String database) {
        open(database);
        received("m1", T0, "ospedale-san-carlo", "hl7v2-mllp", "MSG1", "ACCEPTED", null);
        received("m2", T0.plusSeconds(60), "ospedale-san-carlo", "hl7v2-mllp", "MSG2", "REJECTED", "TYPE_NOT_ACCEPTED");
        received("m3", T0.plusSeconds(120), "csm-milano-nord", "fhir-rest", "bundle-1", "ACCEPTED", null);
        received("m4", T0.plusSeconds(180), null, "hl7v2-mllp", "MSG9", "REJECTED", "UNKNOWN_PARTNER");

        assertThat(history.received(query(null, null, null, null, null, null, 0, 10)))
                .extracting(MessageHistory.Received::id).containsExactly("m4", "m3", "m2", "m1");
        assertThat(history.received(query("ospedale-san-carlo", null, null, null, null, null, 0, 10)))
                .extracting(MessageHistory.Received::id).containsExactly("m2", "m1");
        assertThat(history.received(query(null, "fhir-rest", null, null, null, null, 0, 10)))
                .extracting(MessageHistory.Received::id).containsExactly("m3");
        assertThat(history.received(query(null, null, "REJECTED", null, null, null, 0, 10)))
                .extracting(MessageHistory.Received::cause).containsExactly("UNKNOWN_PARTNER", "TYPE_NOT_ACCEPTED");
        assertThat(history.received(query(null, null, null, T0.plusSeconds(60), T0.plusSeconds(180), null, 0, 10)))
                .extracting(MessageHistory.Received::id).containsExactly("m3", "m2");
        assertThat(history.received(query(null, null, null, null, null, "bundle-1", 0, 10)))
                .singleElement().satisfies(m -> {
                    assertThat(m.partner()).isEqualTo("csm-milano-nord");
                    assertThat(m.size()).isEqualTo("raw bytes of bundle-1".length());
                });
        assertThat(history.received(query(null, null, null, null, null, null, 2, 2)))
                .extracting(MessageHistory.Received::id).containsExactly("m2", "m1");
        assertThat(history.received("m4")).hasValueSatisfying(m -> assertThat(m.claimedIdentity()).isEqualTo("claimed-MSG9"));
        assertThat(history.received("nessuno")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void deliveriesAreFoundByStateAndMessageIdWithTheirHistory(String database) {
        open(database);
        String handover = handover();
        delivery("d1", handover, "cav-milano", "DEAD", "OUT-1", T0.plusSeconds(30));
        delivery("d2", handover, "questura-milano", "ACKNOWLEDGED", "OUT-2", T0.plusSeconds(10));
        jdbc.update("INSERT INTO delivery_event (delivery_id, at, state, attempt, cause) VALUES (?, ?, ?, ?, ?)",
                "d1", Timestamp.from(T0.plusSeconds(30)), "DEAD", 5, "connection refused");

        assertThat(history.sent(query(null, null, null, null, null, null, 0, 10)))
                .extracting(MessageHistory.Sent::id).containsExactly("d1", "d2");
        assertThat(history.sent(query(null, null, "DEAD", null, null, null, 0, 10)))
                .extracting(MessageHistory.Sent::partner).containsExactly("cav-milano");
        assertThat(history.sent(query(null, null, null, null, null, "OUT-2", 0, 10)))
                .extracting(MessageHistory.Sent::outcome).containsExactly("ACKNOWLEDGED");
        assertThat(history.sent("d1")).hasValueSatisfying(d -> assertThat(d.history())
                .extracting(MessageHistory.Step::cause).containsExactly("connection refused"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void lastTrafficIsTheLatestMessageInAndTheLatestDeliveryThatLeft(String database) {
        open(database);
        received("m1", T0, "cav-milano", "json-rest", "A", "ACCEPTED", null);
        received("m2", T0.plusSeconds(60), "cav-milano", "json-rest", "B", "REJECTED", "SCHEMA");
        String handover = handover();
        delivery("d1", handover, "cav-milano", "ACKNOWLEDGED", "OUT-1", T0.plusSeconds(30));
        delivery("d2", handover, "questura-milano", "DEAD", "OUT-2", T0.plusSeconds(90));

        var last = history.lastTraffic();

        assertThat(last.get("cav-milano")).isEqualTo(new MessageHistory.LastTraffic(T0.plusSeconds(60), T0.plusSeconds(30)));
        assertThat(last).doesNotContainKey("questura-milano");
    }

    private static MessageHistory.Query query(String partner, String channel, String outcome, Instant from, Instant to,
                                              String externalId, int offset, int limit) {
        return new MessageHistory.Query(partner, channel, outcome, from, to, externalId, offset, limit);
    }

    private void received(String id, Instant at, String partner, String channel, String externalId, String outcome,
                          String cause) {
        jdbc.update("INSERT INTO inbound_message (id, received_at, channel, partner_id, claimed_identity, external_id,"
                        + " message_type, outcome, cause, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, Timestamp.from(at), channel, partner, "claimed-" + externalId, externalId, "ADT^A04", outcome, cause,
                ("raw bytes of " + externalId).getBytes(StandardCharsets.UTF_8));
    }

    private String handover() {
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO handover (id, request_sha256, created_at, author, confidentiality, body)"
                + " VALUES (?, ?, ?, ?, ?, ?)", id, "0".repeat(64), Timestamp.from(T0), "op", "NORMAL", "{}");
        return id;
    }

    private void delivery(String id, String handover, String partner, String state, String messageId, Instant updated) {
        jdbc.update("INSERT INTO delivery (id, handover_id, partner_id, channel, format, endpoint, state, attempts,"
                        + " message_id, content_type, content, content_sha256, fields_shared, fields_withheld, created_at,"
                        + " updated_at) VALUES (?, ?, ?, 'json-rest', 'json-handover', 'https://x', ?, 1, ?, 'application/json',"
                        + " ?, ?, '[]', '[]', ?, ?)",
                id, handover, partner, state, messageId, new byte[] {1}, "0".repeat(64), Timestamp.from(T0),
                Timestamp.from(updated));
    }
}
