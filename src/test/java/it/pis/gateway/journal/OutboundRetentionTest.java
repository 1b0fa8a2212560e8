package it.pis.gateway.journal;

import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument.Withheld;
import it.pis.gateway.journal.HandoverJournal.NewDelivery;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.TimeOrderedIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static it.pis.gateway.journal.JournalEncryptionTest.KEY_A;
import static it.pis.gateway.journal.JournalEncryptionTest.cipher;
import static it.pis.gateway.journal.RetentionPurgeTest.CLOCK;
import static it.pis.gateway.journal.RetentionPurgeTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention purge on the outbound side, on both databases: what an acknowledged delivery sent and
 * received is blanked once its period passed since the acknowledgement (the recipient's own period
 * winning), and the row stays with its digest, length and history; a delivery that is not finished
 * (queued or being retried, sent and awaiting its receipt, DEAD or REFUSED awaiting an operator) keeps
 * everything however old; a handover is cut down to its envelope only once no delivery of it keeps its
 * content; placement notes go after theirs; reading what is gone says when and under which rule; and
 * the counts are in the run's one audit entry.
 */
class OutboundRetentionTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final JournalCipher A = cipher(KEY_A, "A");

    /** Handovers 90 days; partner "short" 30 days, "long" a year; placement notes 60 days, shelter "brief" 7. */
    static final RetentionPolicy POLICY = new RetentionPolicy(
            new RetentionPeriods(null, null, Duration.ofDays(90), null, Duration.ofDays(60)),
            Map.of("short", new RetentionPeriods(null, null, Duration.ofDays(30), null, null),
                    "long", new RetentionPeriods(null, null, Duration.ofDays(365), null, null),
                    "brief", new RetentionPeriods(null, null, null, null, Duration.ofDays(7))));

    MigratedJournal db;
    GroupCommit commits;

    void open(String database) {
        db = MigratedJournal.open(database, "pis_outret");
        commits = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(db.db)), 64, 1000, 10_000);
    }

    @AfterEach
    void close() throws Exception {
        if (commits != null) {
            commits.close();
        }
        if (db != null) {
            db.close();
        }
    }

    HandoverJournal journal() {
        return new HandoverJournal(db.jdbc, commits, JSON, A);
    }

    RetentionPurge purge() {
        return purge(POLICY);
    }

    RetentionPurge purge(RetentionPolicy policy) {
        return new RetentionPurge(db.jdbc, 2, 100, RetentionPurgeTest.audit(db), () -> policy, CLOCK, A, JSON);
    }

    /** A handover with one delivery per {partner, state, days since its last change}; acknowledged ones have a receipt. */
    Handover handover(Object[]... deliveries) {
        List<String> partners = java.util.Arrays.stream(deliveries).map(d -> (String) d[0]).toList();
        Handover handover = new Handover(TimeOrderedIds.next(), List.of(UUID.randomUUID()), NOW.minus(Duration.ofDays(400)),
                "op.bianchi", partners, "Accolto Rossi Mario", "Valutazione", null, null,
                new Handover.Placement("dormitorio", "P-9", "via Ortles 69", NOW, null), null, null, null,
                Confidentiality.NORMAL);
        List<NewDelivery> rows = partners.stream().map(p -> new NewDelivery(TimeOrderedIds.next(), p, "hl7v2-mllp",
                "hl7v2-mdm", "mllp://127.0.0.1:1", "MSG-" + UUID.randomUUID(), "application/hl7-v2", content(p),
                List.of("summary"), List.of(new Withheld("location", "not listed")), null)).toList();
        journal().create(handover, null, "request".getBytes(StandardCharsets.UTF_8), rows);
        DeliveryQueue queue = new DeliveryQueue(db.jdbc, commits, A);
        for (int i = 0; i < rows.size(); i++) {
            DeliveryState state = (DeliveryState) deliveries[i][1];
            if (state != DeliveryState.QUEUED) {
                queue.record(rows.get(i).id(), DeliveryState.QUEUED, new DeliveryQueue.Outcome(state, 1, null, null,
                        "HL7 ACK", "application/hl7-v2", "MSA|AA|Rossi".getBytes(StandardCharsets.UTF_8), "attempt 1"), NOW);
            }
            db.jdbc.update("UPDATE delivery SET updated_at = ? WHERE id = ?",
                    Timestamp.from(NOW.minus(Duration.ofDays((Integer) deliveries[i][2]))), rows.get(i).id().toString());
        }
        return handover;
    }

    static Object[] d(String partner, DeliveryState state, int daysAgo) {
        return new Object[] {partner, state, daysAgo};
    }

    static byte[] content(String partner) {
        return ("PID|1||RSSMRA80A01H501U||ROSSI^MARIO|" + partner).getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void failedDeliveriesNobodyRestartedForTheirPeriodAreBlankedAndCanNoLongerBeRestarted(String database) {
        open(database);
        // failed deliveries 30 days, partner "patient" a year; acknowledged ones kept without end
        RetentionPolicy policy = new RetentionPolicy(new RetentionPeriods(null, null, null, Duration.ofDays(30), null),
                Map.of("patient", new RetentionPeriods(null, null, null, Duration.ofDays(365), null)));
        Handover failed = handover(d("dead", DeliveryState.DEAD, 40), d("refused", DeliveryState.REFUSED, 40),
                d("patient", DeliveryState.DEAD, 200));
        Handover others = handover(d("dead", DeliveryState.DEAD, 10), d("queued", DeliveryState.QUEUED, 300),
                d("sent", DeliveryState.SENT, 300), d("ospedale", DeliveryState.ACKNOWLEDGED, 300));

        PurgeCounts counts = purge(policy).purge();

        assertThat(counts.failedDeliveriesBlanked()).isEqualTo(2);
        assertThat(counts.deliveriesBlanked()).isZero();
        HandoverJournal journal = journal();
        for (String partner : List.of("dead", "refused")) {
            HandoverJournal.Bytes gone = journal.content(failed.id(), partner).orElseThrow();
            assertThat(gone.content()).isEmpty();
            assertThat(gone.purged().rule()).isEqualTo("pis.retention.failed-deliveries P30D");
            assertThat(journal.receipt(failed.id(), partner).orElseThrow().purged()).isEqualTo(gone.purged());
        }
        for (Object[] kept : List.of(new Object[] {failed, "patient"}, new Object[] {others, "dead"},
                new Object[] {others, "queued"}, new Object[] {others, "sent"}, new Object[] {others, "ospedale"})) {
            HandoverJournal.Bytes bytes = journal.content(((Handover) kept[0]).id(), (String) kept[1]).orElseThrow();
            assertThat(bytes.purged()).as("%s keeps its content", kept[1]).isNull();
            assertThat(bytes.content()).isEqualTo(content((String) kept[1]));
        }
        assertThat(journal.retry(failed.id(), "dead", "op.bianchi", NOW)).as("a purged delivery is not restarted")
                .isEqualTo(new HandoverJournal.RetryResult.Purged("pis.retention.failed-deliveries P30D"));
        assertThat(db.jdbc.queryForObject("SELECT state FROM delivery WHERE partner_id = 'dead' AND handover_id = ?",
                String.class, failed.id().toString())).isEqualTo("DEAD");
        assertThat(journal.retry(failed.id(), "patient", "op.bianchi", NOW)).isInstanceOf(HandoverJournal.RetryResult.Restarted.class);
        assertThat(journal.retry(others.id(), "dead", "op.bianchi", NOW)).isInstanceOf(HandoverJournal.RetryResult.Restarted.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void acknowledgedDeliveriesPastTheirPeriodAreBlankedAndUnfinishedOnesKeepEverything(String database) {
        open(database);
        Handover old = handover(d("ospedale", DeliveryState.ACKNOWLEDGED, 200));
        Handover shortOne = handover(d("short", DeliveryState.ACKNOWLEDGED, 40));
        Handover recent = handover(d("ospedale", DeliveryState.ACKNOWLEDGED, 10));
        Handover longOne = handover(d("long", DeliveryState.ACKNOWLEDGED, 200));
        Handover unfinished = handover(d("queued", DeliveryState.QUEUED, 300), d("sent", DeliveryState.SENT, 300),
                d("dead", DeliveryState.DEAD, 300), d("refused", DeliveryState.REFUSED, 300));
        Handover half = handover(d("ospedale", DeliveryState.ACKNOWLEDGED, 200), d("dead", DeliveryState.DEAD, 200));

        PurgeCounts counts = purge().purge();

        assertThat(counts.deliveriesBlanked()).isEqualTo(3);
        HandoverJournal journal = journal();
        HandoverJournal.Bytes gone = journal.content(old.id(), "ospedale").orElseThrow();
        assertThat(gone.content()).isEmpty();
        assertThat(gone.purged().at()).isEqualTo(NOW);
        assertThat(gone.purged().rule()).isEqualTo("pis.retention.handovers P90D");
        assertThat(journal.receipt(old.id(), "ospedale").orElseThrow().purged()).isEqualTo(gone.purged());
        assertThat(journal.content(shortOne.id(), "short").orElseThrow().purged().rule())
                .isEqualTo("retention.handovers P30D of agreement short");
        assertThat(journal.content(half.id(), "ospedale").orElseThrow().purged()).isNotNull();
        for (Object[] kept : List.of(new Object[] {recent, "ospedale"}, new Object[] {longOne, "long"},
                new Object[] {unfinished, "queued"}, new Object[] {unfinished, "sent"}, new Object[] {unfinished, "dead"},
                new Object[] {unfinished, "refused"}, new Object[] {half, "dead"})) {
            HandoverJournal.Bytes bytes = journal.content(((Handover) kept[0]).id(), (String) kept[1]).orElseThrow();
            assertThat(bytes.purged()).as("%s keeps its content", kept[1]).isNull();
            assertThat(bytes.content()).isEqualTo(content((String) kept[1]));
        }
        assertThat(db.jdbc.queryForList("SELECT content FROM delivery WHERE content_purged_at IS NOT NULL", byte[].class))
                .hasSize(3).allSatisfy(b -> assertThat(b).isEmpty());
        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE content_purged_at IS NOT NULL"
                + " AND receipt IS NULL AND content_key_id IS NULL AND receipt_key_id IS NULL", Integer.class)).isEqualTo(3);

        var record = journal.find(old.id()).orElseThrow();
        assertThat(record.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.contentPurgedAt()).isEqualTo(NOW);
            assertThat(delivery.contentSha256()).isEqualTo(HandoverJournal.sha256(content("ospedale")));
            assertThat(delivery.contentLength()).isEqualTo(content("ospedale").length);
            assertThat(delivery.state()).isEqualTo(DeliveryState.ACKNOWLEDGED);
            assertThat(delivery.receipt().kind()).isEqualTo("HL7 ACK");
        });
        assertThat(purge().purge().deliveriesBlanked()).as("a second run finds nothing more").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aHandoverIsCutToItsEnvelopeOnlyOnceNoDeliveryOfItKeepsItsContent(String database) {
        open(database);
        Handover done = handover(d("ospedale", DeliveryState.ACKNOWLEDGED, 200), d("short", DeliveryState.ACKNOWLEDGED, 40));
        Handover half = handover(d("ospedale", DeliveryState.ACKNOWLEDGED, 200), d("dead", DeliveryState.DEAD, 200));
        Handover recent = handover(d("ospedale", DeliveryState.ACKNOWLEDGED, 10));

        PurgeCounts counts = purge().purge();

        assertThat(counts.handoversEnveloped()).isEqualTo(1);
        HandoverJournal.StoredHandover envelope = journal().find(done.id()).orElseThrow();
        assertThat(envelope.purgedAt()).isEqualTo(NOW);
        Handover h = envelope.handover();
        assertThat(h.summary()).isNull();
        assertThat(h.assessment()).isNull();
        assertThat(h.placement().structure()).isNull();
        assertThat(h.placement().placementId()).isEqualTo("P-9");
        assertThat(h.reportIds()).isEqualTo(done.reportIds());
        assertThat(h.recipients()).containsExactly("ospedale", "short");
        assertThat(h.author()).isEqualTo("op.bianchi");
        assertThat(db.jdbc.queryForObject("SELECT body FROM handover WHERE id = ?", String.class, done.id().toString()))
                .doesNotContain("Rossi").doesNotContain("Ortles");
        for (Handover whole : List.of(half, recent)) {
            HandoverJournal.StoredHandover stored = journal().find(whole.id()).orElseThrow();
            assertThat(stored.purgedAt()).isNull();
            assertThat(stored.handover().summary()).isEqualTo("Accolto Rossi Mario");
        }
        assertThat(purge().purge().handoversEnveloped()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aBodyThatCannotBeOpenedIsCutToAnEnvelopeFromItsRowAllTheSame(String database) {
        open(database);
        Handover done = handover(d("ospedale", DeliveryState.ACKNOWLEDGED, 200));

        PurgeCounts counts = new RetentionPurge(db.jdbc, 2, 100, RetentionPurgeTest.audit(db), () -> POLICY, CLOCK,
                cipher(JournalEncryptionTest.KEY_B, "B"), JSON).purge();

        assertThat(counts.handoversEnveloped()).isOne();
        Handover h = new HandoverJournal(db.jdbc, commits, JSON).find(done.id()).orElseThrow().handover();
        assertThat(h.summary()).isNull();
        assertThat(h.reportIds()).isEmpty();
        assertThat(h.recipients()).containsExactly("ospedale");
        assertThat(h.createdAt()).isEqualTo(done.createdAt());
        assertThat(h.placement().placementId()).isEqualTo("P-9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void placementNotesGoAfterTheirPeriodAndTheDecisionsStay(String database) {
        open(database);
        decision("d-old", "dormitorio", 70);
        decision("d-recent", "dormitorio", 20);
        decision("d-brief", "brief", 8);

        assertThat(purge().purge().placementNotesRemoved()).isEqualTo(2);

        List<ShelterStore.Decision> decisions = new ShelterStore(db.jdbc, A).decisions("P-1", 10);
        assertThat(decisions).extracting(ShelterStore.Decision::documentId).containsExactly("d-old", "d-recent", "d-brief");
        assertThat(decisions.get(0).note()).isNull();
        assertThat(decisions.get(0).notePurgedAt()).isEqualTo(NOW);
        assertThat(decisions.get(1).note()).isEqualTo("Ospite Rossi arrivato");
        assertThat(decisions.get(2).note()).isNull();
        assertThat(decisions).extracting(ShelterStore.Decision::decision).containsOnly("CONFIRMED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theRunsAuditEntryCountsWhatWentOnTheOutboundSide(String database) {
        open(database);
        handover(d("ospedale", DeliveryState.ACKNOWLEDGED, 200));
        handover(d("dead", DeliveryState.DEAD, 200));
        decision("d-old", "dormitorio", 70);
        AuditTrail audit = RetentionPurgeTest.audit(db);

        new RetentionPurge(db.jdbc, 10, 100, audit, () -> POLICY, CLOCK, A, JSON).purge();

        assertThat(audit.search(new AuditTrail.Query(null, "RETENTION_PURGE", null, null, null, 10))).singleElement()
                .satisfies(run -> assertThat(run.detail()).startsWith("inbound_message.raw blanked: 0; report deleted: 0;"
                        + " delivery content and receipt blanked: 1 acknowledged, 0 failed; handover body cut to its envelope: 1;"
                        + " placement_decision.note removed: 1; space: ")
                        .contains(database.equals("h2") ? "H2 MVStore compact" : "VACUUM (ANALYZE) inbound_message, report,"
                                + " delivery, handover, placement_decision"));
    }

    void decision(String id, String partner, int daysAgo) {
        SealedText.Stored note = new SealedText(A, ShelterStore.NOTES).seal(id, "Ospite Rossi arrivato");
        Timestamp at = Timestamp.from(NOW.minus(Duration.ofDays(daysAgo)));
        db.jdbc.update("INSERT INTO shelter_document (id, partner_id, external_id, doc_type, received_at)"
                + " VALUES (?, ?, ?, 'PLACEMENT_DECISION', ?)", id, partner, id, at);
        db.jdbc.update("INSERT INTO placement_decision (document_id, partner_id, placement_id, decision, note, note_key_id,"
                + " received_at) VALUES (?, ?, 'P-1', 'CONFIRMED', ?, ?, ?)", id, partner, note.text(), note.keyId(), at);
    }
}
