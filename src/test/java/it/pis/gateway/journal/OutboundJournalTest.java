package it.pis.gateway.journal;

import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument.Withheld;
import it.pis.gateway.journal.HandoverJournal.Creation;
import it.pis.gateway.journal.HandoverJournal.NewDelivery;
import it.pis.gateway.journal.HandoverJournal.RetryResult;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.TimeOrderedIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbound journal on the real databases it runs on (H2 in PostgreSQL mode, and PostgreSQL at
 * 127.0.0.1:5432 in a schema of its own): idempotent creation, order per recipient, leases between
 * nodes, guarded transitions, staff retries and deadline escalation.
 */
class OutboundJournalTest {

    static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");

    SingleConnectionDataSource db;
    JdbcTemplate jdbc;
    GroupCommit commits;
    HandoverJournal journal;
    DeliveryQueue queue;
    MigratedJournal journalDb;

    void open(String database) {
        journalDb = MigratedJournal.open(database, "pis_outbound");
        db = journalDb.db;
        jdbc = journalDb.jdbc;
        commits = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(db)), 64, 1000, 10_000);
        journal = new HandoverJournal(jdbc, commits, JsonMapper.builder().findAndAddModules().build());
        queue = new DeliveryQueue(jdbc, commits);
    }

    @AfterEach
    void close() throws Exception {
        commits.close();
        journalDb.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aHandoverIsJournaledWithOneQueuedDeliveryPerRecipientAndItsHistory(String database) {
        open(database);
        Handover handover = handover(T0);

        Creation created = journal.create(handover, "key-1", bytes("request"), List.of(
                delivery("ospedale-san-carlo", "MSG1"), delivery("questura-milano", "MSG2")));

        assertThat(created).isInstanceOf(Creation.Stored.class);
        var stored = journal.find(handover.id()).orElseThrow();
        assertThat(stored.handover().summary()).isEqualTo("Accolto in pronta accoglienza");
        assertThat(stored.deliveries()).extracting(Delivery::recipient).containsExactly("ospedale-san-carlo", "questura-milano");
        Delivery first = stored.deliveries().get(0);
        assertThat(first.state()).isEqualTo(DeliveryState.QUEUED);
        assertThat(first.attempts()).isZero();
        assertThat(first.fieldsShared()).containsExactly("summary");
        assertThat(first.fieldsWithheld()).containsExactly(new Withheld("location", "not listed"));
        assertThat(first.history()).singleElement().satisfies(e -> assertThat(e.cause()).isEqualTo("created by op.rossi"));
        assertThat(journal.content(handover.id(), "questura-milano").orElseThrow().content())
                .isEqualTo(bytes("content for questura-milano"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anIdempotencyKeyReturnsTheSameHandoverForTheSameRequestAndRefusesAnother(String database) {
        open(database);
        Handover handover = handover(T0);
        journal.create(handover, "key-1", bytes("request"), List.of(delivery("ospedale-san-carlo", "MSG1")));

        assertThat(journal.earlier("key-1", bytes("request"))).contains(new Creation.Replayed(handover.id()));
        assertThat(journal.earlier("key-1", bytes("another request"))).contains(new Creation.KeyReused(handover.id()));
        assertThat(journal.earlier("key-2", bytes("request"))).isEmpty();
        assertThat(journal.create(handover(T0), "key-1", bytes("request"), List.of(delivery("ospedale-san-carlo", "MSG9"))))
                .isEqualTo(new Creation.Replayed(handover.id()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM delivery", Integer.class)).isOne();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void onlyTheOldestQueuedDeliveryOfARecipientDecidesWhetherItIsDue(String database) {
        open(database);
        Handover older = handover(T0);
        Handover newer = handover(T0.plusSeconds(1));
        journal.create(older, null, bytes("a"), List.of(delivery("ospedale-san-carlo", "MSG1")));
        journal.create(newer, null, bytes("b"), List.of(delivery("ospedale-san-carlo", "MSG2"), delivery("questura-milano", "MSG3")));
        UUID head = journal.find(older.id()).orElseThrow().deliveries().get(0).id();

        assertThat(queue.due("ospedale-san-carlo", T0.plusSeconds(2), 10)).extracting(DeliveryQueue.Queued::messageId)
                .containsExactly("MSG1", "MSG2");
        queue.record(head, DeliveryState.QUEUED, new DeliveryQueue.Outcome(DeliveryState.QUEUED, 1,
                T0.plusSeconds(60), "AE", null, null, null, "attempt 1 failed"), T0.plusSeconds(2));

        assertThat(queue.recipientsDue(T0.plusSeconds(3))).containsExactly("questura-milano");
        assertThat(queue.due("ospedale-san-carlo", T0.plusSeconds(3), 10)).isEmpty();
        assertThat(queue.recipientsDue(T0.plusSeconds(61))).containsExactlyInAnyOrder("ospedale-san-carlo", "questura-milano");
        assertThat(queue.due("ospedale-san-carlo", T0.plusSeconds(61), 10)).extracting(DeliveryQueue.Queued::messageId)
                .containsExactly("MSG1", "MSG2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void oneNodeAtATimeHoldsARecipientUntilItReleasesOrItsLeaseRunsOut(String database) {
        open(database);
        Instant until = T0.plusSeconds(60);

        assertThat(queue.lease("ospedale-san-carlo", "node-a", T0, until)).isTrue();
        assertThat(queue.lease("ospedale-san-carlo", "node-b", T0.plusSeconds(1), T0.plusSeconds(61))).isFalse();
        assertThat(queue.lease("ospedale-san-carlo", "node-a", T0.plusSeconds(30), T0.plusSeconds(90))).isTrue();
        assertThat(queue.lease("ospedale-san-carlo", "node-b", T0.plusSeconds(61), T0.plusSeconds(121))).isFalse();
        assertThat(queue.lease("ospedale-san-carlo", "node-b", T0.plusSeconds(91), T0.plusSeconds(151))).isTrue();
        queue.release("ospedale-san-carlo", "node-a");
        assertThat(queue.lease("ospedale-san-carlo", "node-a", T0.plusSeconds(92), T0.plusSeconds(152))).isFalse();
        queue.release("ospedale-san-carlo", "node-b");
        assertThat(queue.lease("ospedale-san-carlo", "node-a", T0.plusSeconds(93), T0.plusSeconds(153))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anOutcomeIsRecordedOnlyFromTheStateItWasAttemptedInAndKeepsTheReceipt(String database) {
        open(database);
        Handover handover = handover(T0);
        journal.create(handover, null, bytes("a"), List.of(delivery("ospedale-san-carlo", "MSG1")));
        UUID id = journal.find(handover.id()).orElseThrow().deliveries().get(0).id();
        DeliveryQueue.Outcome acknowledged = new DeliveryQueue.Outcome(DeliveryState.ACKNOWLEDGED, 1, null, null,
                "HL7 ACK", "application/hl7-v2", bytes("MSH|...|ACK\rMSA|AA|MSG1"), "attempt 1: AA");

        assertThat(queue.record(id, DeliveryState.SENT, acknowledged, T0.plusSeconds(1))).isFalse();
        assertThat(queue.record(id, DeliveryState.QUEUED, acknowledged, T0.plusSeconds(1))).isTrue();
        assertThat(queue.record(id, DeliveryState.QUEUED, acknowledged, T0.plusSeconds(2))).isFalse();

        Delivery delivery = journal.find(handover.id()).orElseThrow().deliveries().get(0);
        assertThat(delivery.state()).isEqualTo(DeliveryState.ACKNOWLEDGED);
        assertThat(delivery.receipt().kind()).isEqualTo("HL7 ACK");
        assertThat(journal.receipt(handover.id(), "ospedale-san-carlo").orElseThrow().content())
                .isEqualTo(bytes("MSH|...|ACK\rMSA|AA|MSG1"));
        assertThat(delivery.history()).extracting(Delivery.Event::state)
                .containsExactly(DeliveryState.QUEUED, DeliveryState.ACKNOWLEDGED);
        assertThat(queue.byMessageId("MSG1").orElseThrow().state()).isEqualTo(DeliveryState.ACKNOWLEDGED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void staffRestartOnlyDeadOrRefusedDeliveries(String database) {
        open(database);
        Handover handover = handover(T0);
        journal.create(handover, null, bytes("a"), List.of(delivery("ospedale-san-carlo", "MSG1")));
        UUID id = journal.find(handover.id()).orElseThrow().deliveries().get(0).id();

        assertThat(journal.retry(handover.id(), "ospedale-san-carlo", "op.rossi", T0))
                .isEqualTo(new RetryResult.NotRetryable(DeliveryState.QUEUED));
        queue.record(id, DeliveryState.QUEUED, new DeliveryQueue.Outcome(DeliveryState.DEAD, 12, null, "down", null,
                null, null, "no attempt left"), T0.plusSeconds(1));

        assertThat(journal.retry(handover.id(), "ospedale-san-carlo", "op.rossi", T0.plusSeconds(2)))
                .isInstanceOf(RetryResult.Restarted.class);
        Delivery restarted = journal.find(handover.id()).orElseThrow().deliveries().get(0);
        assertThat(restarted.state()).isEqualTo(DeliveryState.QUEUED);
        assertThat(restarted.attempts()).isZero();
        assertThat(restarted.history()).last().satisfies(e -> assertThat(e.cause()).contains("restarted by op.rossi"));
        assertThat(journal.retry(handover.id(), "questura-milano", "op.rossi", T0)).isInstanceOf(RetryResult.NotFound.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anOverdueDeliveryIsEscalatedOnceAndAnAcknowledgedOneNever(String database) {
        open(database);
        Handover late = handover(T0);
        Handover acknowledged = handover(T0);
        journal.create(late, null, bytes("a"), List.of(withDeadline(delivery("tribunale-minorenni-milano", "MSG1"), T0.plusSeconds(10))));
        journal.create(acknowledged, null, bytes("b"), List.of(withDeadline(delivery("tribunale-minorenni-milano", "MSG2"),
                T0.plusSeconds(10))));
        UUID done = journal.find(acknowledged.id()).orElseThrow().deliveries().get(0).id();
        queue.record(done, DeliveryState.QUEUED, new DeliveryQueue.Outcome(DeliveryState.ACKNOWLEDGED, 1, null, null, null,
                null, null, "ok"), T0.plusSeconds(5));

        assertThat(queue.escalateOverdue(T0.plusSeconds(9))).isEmpty();
        assertThat(queue.escalateOverdue(T0.plusSeconds(11))).extracting(DeliveryQueue.Overdue::handoverId)
                .containsExactly(late.id());
        assertThat(queue.escalateOverdue(T0.plusSeconds(12))).isEmpty();
        Delivery delivery = journal.find(late.id()).orElseThrow().deliveries().get(0);
        assertThat(delivery.escalatedAt()).isEqualTo(T0.plusSeconds(11));
        assertThat(delivery.overdue()).isTrue();
    }

    private static Handover handover(Instant at) {
        return new Handover(TimeOrderedIds.next(), List.of(UUID.randomUUID()), at, "op.rossi",
                List.of("ospedale-san-carlo"), "Accolto in pronta accoglienza", null, null, null, null, null, null, null,
                Confidentiality.NORMAL);
    }

    private static NewDelivery delivery(String partner, String messageId) {
        return new NewDelivery(TimeOrderedIds.next(), partner, "hl7v2-mllp", "hl7v2-mdm", "mllp://127.0.0.1:1", messageId,
                "application/hl7-v2", bytes("content for " + partner), List.of("summary"),
                List.of(new Withheld("location", "not listed")), null);
    }

    private static NewDelivery withDeadline(NewDelivery d, Instant deadline) {
        return new NewDelivery(d.id(), d.partnerId(), d.channel(), d.format(), d.endpoint(), d.messageId(),
                d.contentType(), d.content(), d.fieldsShared(), d.fieldsWithheld(), deadline);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
