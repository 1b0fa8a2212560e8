package it.pis.gateway.publishing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import it.pis.gateway.health.OutageLog;
import it.pis.gateway.it.ArtemisBroker;
import it.pis.gateway.journal.JournalCipher;
import it.pis.gateway.journal.MigratedJournal;
import it.pis.gateway.journal.ReportOutbox;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jms.connection.CachingConnectionFactory;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay between the journal's outbox (H2 and PostgreSQL) and a real Artemis: reports reach the
 * queue in the order the journal stored them, each with its id as duplicate id and its partner as
 * message group, and leave the outbox; a batch holding an id the broker already took is not lost
 * (the broker drops the copy); while the broker is down nothing leaves the outbox, and all of it
 * goes, in order, when it is back; a send the broker leaves waiting over 10 s shows it DEGRADED until
 * the send goes; a report that cannot be opened holds up none after it; two
 * nodes relaying one PostgreSQL journal never send a report twice nor out of order.
 */
class ReportRelayTest {

    static final ArtemisBroker BROKER = new ArtemisBroker().start();
    final List<AutoCloseable> opened = new ArrayList<>();
    final List<CachingConnectionFactory> factories = new ArrayList<>();
    MigratedJournal journal;

    @AfterEach
    void close() throws Exception {
        drain();
        factories.forEach(CachingConnectionFactory::destroy);
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @AfterAll
    static void stopBroker() {
        BROKER.stop();
    }

    private MigratedJournal journal(String database) {
        journal = MigratedJournal.open(database, "pis_relay");
        opened.add(journal);
        return journal;
    }

    private ReportRelay relay(MigratedJournal node, int batch, BrokerLink broker) {
        return relay(node, batch, broker, Duration.ZERO, Clock.systemUTC());
    }

    private ReportRelay relay(MigratedJournal node, int batch, BrokerLink broker, Duration retryWhileDown, Clock clock) {
        return relay(node, batch, broker, retryWhileDown, clock, BROKER.url());
    }

    private ReportRelay relay(MigratedJournal node, int batch, BrokerLink broker, Duration retryWhileDown, Clock clock,
                              String brokerUrl) {
        OutageLog journalOutage = new OutageLog(LoggerFactory.getLogger(getClass()), "journal", Clock.systemUTC(), Duration.ofMinutes(5));
        ReportOutbox outbox = new ReportOutbox(node.jdbc, node.groupCommit(), journalOutage, JournalCipher.plaintext(),
                Duration.ofMinutes(1), Clock.systemUTC());
        CachingConnectionFactory connections = new CachingConnectionFactory(new ActiveMQConnectionFactory(brokerUrl));
        factories.add(connections);
        return new ReportRelay(outbox, new ReportSender(connections, "pis.reports"), broker, batch, retryWhileDown,
                clock, new SimpleMeterRegistry(), Duration.ofMinutes(5));
    }

    private static BrokerLink broker() {
        return new BrokerLink(Clock.systemUTC(), Duration.ofMinutes(5));
    }

    /** A report as the intake stores it: the report row and its outbox row, in one transaction. */
    private static void store(MigratedJournal node, String id, String partner) {
        Timestamp now = Timestamp.from(Instant.now());
        node.jdbc.update("INSERT INTO report (id, partner_id, external_id, received_at, status, body) VALUES (?, ?, ?, ?, 'NEW', ?)",
                id, partner, id, now, "{\"id\":\"" + id + "\"}");
        node.jdbc.update("INSERT INTO report_outbox (report_id, committed_at) VALUES (?, ?)", id, now);
    }

    private static int waiting(MigratedJournal node) {
        return node.jdbc.queryForObject("SELECT count(*) FROM report_outbox", Integer.class);
    }

    record Received(String reportId, String partnerId, String group, String duplicateId, String json) {
    }

    /** Everything on pis.reports, in queue order. */
    private static List<Received> drain() throws JMSException {
        return drain(BROKER.url(), 0);
    }

    /** Everything on {@code url}'s pis.reports, in queue order, waiting up to 10 s for each of the first {@code atLeast}. */
    private static List<Received> drain(String url, int atLeast) throws JMSException {
        List<Received> received = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("pis.reports"));
            Message m;
            while ((m = consumer.receive(received.size() < atLeast ? 10_000 : 500)) != null) {
                received.add(new Received(m.getStringProperty("reportId"), m.getStringProperty("partnerId"),
                        m.getStringProperty("JMSXGroupID"), m.getStringProperty("_AMQ_DUPL_ID"), ((TextMessage) m).getText()));
            }
        }
        return received;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void reportsReachTheQueueInTheJournalsOrderWithTheirIdAndPartnerAndLeaveTheOutbox(String database) throws Exception {
        MigratedJournal node = journal(database);
        List<String> ids = IntStream.range(0, 23).mapToObj(i -> database + "-order-" + i).toList();
        for (int i = 0; i < ids.size(); i++) {
            store(node, ids.get(i), i % 3 == 0 ? "questura-milano" : "ospedale-san-carlo");
        }

        relay(node, 5, broker()).relay();

        List<Received> received = drain();
        assertThat(received).extracting(Received::reportId).as("queue order = journal order, across batches of 5")
                .containsExactlyElementsOf(ids);
        assertThat(received.get(0)).isEqualTo(new Received(ids.get(0), "questura-milano", "questura-milano",
                ids.get(0), "{\"id\":\"" + ids.get(0) + "\"}"));
        assertThat(received.get(1).group()).isEqualTo("ospedale-san-carlo");
        assertThat(waiting(node)).as("reports left in the outbox").isZero();
    }

    @Test
    void aBatchHoldingAReportTheBrokerAlreadyTookIsSentAndTheCopyDropped() throws Exception {
        MigratedJournal node = journal("h2");
        ReportRelay relay = relay(node, 10, broker());
        store(node, "dup-1", "p");
        store(node, "dup-2", "p");
        relay.relay();
        // a crash between the send and the outbox's removal: dup-2 is still listed, after it a new report
        node.jdbc.update("INSERT INTO report_outbox (report_id, committed_at) VALUES ('dup-2', ?)", Timestamp.from(Instant.now()));
        store(node, "dup-3", "p");

        relay.relay();

        assertThat(drain()).extracting(Received::reportId).containsExactly("dup-1", "dup-2", "dup-3");
        assertThat(waiting(node)).isZero();
    }

    @Test
    void whileTheBrokerIsDownReportsWaitAndWhenItIsBackTheyAllGoInOrder() throws Exception {
        MigratedJournal node = journal("h2");
        BrokerLink broker = broker();
        ReportRelay relay = relay(node, 4, broker);
        store(node, "down-0", "p");
        relay.relay();
        assertThat(drain()).extracting(Received::reportId).containsExactly("down-0");

        BROKER.stop();
        try {
            for (int i = 1; i <= 9; i++) {
                store(node, "down-" + i, "p");
                if (i % 5 == 0 || i == 9) {
                    relay.relay(); // each try waits for the client's connection attempt (about 4 s)
                }
            }
            assertThat(waiting(node)).as("reports waiting while the broker is down").isEqualTo(9);
            assertThat(broker.isUp()).isFalse();
            assertThat(new BrokerHealth(broker, relay, Clock.systemUTC()).health().getStatus()).isEqualTo(BrokerHealth.DEGRADED);
        } finally {
            BROKER.start();
        }
        relay.relay();

        assertThat(drain()).extracting(Received::reportId)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 9).mapToObj(i -> "down-" + i).toList());
        assertThat(waiting(node)).isZero();
        assertThat(broker.isUp()).isTrue();
        assertThat(new BrokerHealth(broker, relay, Clock.systemUTC()).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aSendTheBrokerDoesNotAnswerForTenSecondsShowsTheBrokerDegradedUntilItGoes() throws Exception {
        ArtemisBroker full = new ArtemisBroker().blockingWhenFullAt(4096).start();
        try {
            MigratedJournal node = journal("h2");
            BrokerLink broker = broker();
            // credits of a few hundred bytes at a time: the client waits as soon as the queue is full
            ReportRelay relay = relay(node, 1, broker, Duration.ZERO, Clock.systemUTC(), full.url() + "?producerWindowSize=512");
            for (int i = 0; i < 20; i++) {
                store(node, "slow-" + i, "p");
            }
            Thread relaying = new Thread(relay::relay, "relay-waiting-for-the-broker");
            relaying.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> relay.sendingSince() != null && waiting(node) > 0
                    && relay.sendingSince().isBefore(Instant.now().minusMillis(500)));

            Clock nineSecondsOn = Clock.fixed(relay.sendingSince().plusSeconds(9), java.time.ZoneOffset.UTC);
            assertThat(new BrokerHealth(broker, relay, nineSecondsOn).health().getStatus()).as("waiting, under 10 s").isEqualTo(Status.UP);
            Clock elevenSecondsOn = Clock.fixed(relay.sendingSince().plusSeconds(11), java.time.ZoneOffset.UTC);
            assertThat(new BrokerHealth(broker, relay, elevenSecondsOn).health())
                    .satisfies(h -> assertThat(h.getStatus()).isEqualTo(BrokerHealth.DEGRADED))
                    .satisfies(h -> assertThat(h.getDetails()).containsKey("sendingSince"));

            List<Received> received = drain(full.url(), 20); // room on the queue: the waiting send goes
            relaying.join(30_000);
            assertThat(received).extracting(Received::reportId)
                    .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "slow-" + i).toList());
            assertThat(waiting(node)).isZero();
            assertThat(relay.sendingSince()).isNull();
            assertThat(new BrokerHealth(broker, relay, elevenSecondsOn).health().getStatus()).isEqualTo(Status.UP);
        } finally {
            full.stop();
        }
    }

    @Test
    void whileTheBrokerIsDownTheRelayTriesItOnlyOncePerRetryPeriod() throws Exception {
        MigratedJournal node = journal("h2");
        BrokerLink broker = broker();
        Instant[] now = {Instant.parse("2026-12-01T03:00:00Z")};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0]; }
        };
        ReportRelay relay = relay(node, 10, broker, Duration.ofSeconds(1), clock);
        store(node, "retry-0", "p");
        relay.relay(); // a send at 03:00:00
        broker.failed(new IllegalStateException("the broker went away after it")); // as a failed send marks it

        store(node, "retry-1", "p");
        now[0] = now[0].plusMillis(900);
        relay.relay();
        assertThat(waiting(node)).as("tried again before the retry period").isEqualTo(1);

        now[0] = now[0].plusMillis(200);
        relay.relay();
        assertThat(waiting(node)).as("tried again once the retry period passed").isZero();
        assertThat(broker.isUp()).isTrue();
        assertThat(drain()).extracting(Received::reportId).containsExactly("retry-0", "retry-1");
    }

    @Test
    void aReportThatCannotBeOpenedStaysInTheOutboxAndHoldsUpNoneAfterIt() throws Exception {
        MigratedJournal node = journal("h2");
        ReportRelay relay = relay(node, 2, broker());
        store(node, "readable-1", "p");
        store(node, "sealed-gone", "p");
        store(node, "readable-2", "p");
        store(node, "readable-3", "p");
        // sealed under a key this node does not have (removed before rekey)
        node.jdbc.update("UPDATE report SET body_key_id = 'gone' WHERE id = 'sealed-gone'");

        relay.relay();

        assertThat(drain()).extracting(Received::reportId).containsExactly("readable-1", "readable-2", "readable-3");
        assertThat(node.jdbc.queryForList("SELECT report_id FROM report_outbox", String.class)).containsExactly("sealed-gone");

        node.jdbc.update("UPDATE report SET body_key_id = NULL WHERE id = 'sealed-gone'"); // readable again
        relay.relay();
        assertThat(drain()).extracting(Received::reportId).containsExactly("sealed-gone");
        assertThat(waiting(node)).isZero();
    }

    @Test
    void twoNodesRelayingOnePostgresJournalSendEachReportOnceInTheJournalsOrder() throws Exception {
        MigratedJournal intake = journal("postgresql");
        List<ReportRelay> nodes = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            MigratedJournal node = intake.anotherNode();
            opened.add(node);
            nodes.add(relay(node, 7, broker()));
        }
        List<AtomicBoolean> running = List.of(new AtomicBoolean(true), new AtomicBoolean(true));
        List<Thread> timers = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            ReportRelay relay = nodes.get(n);
            AtomicBoolean on = running.get(n);
            Thread timer = new Thread(() -> {
                while (on.get()) {
                    relay.relay();
                }
            });
            timer.start();
            timers.add(timer);
        }
        List<String> ids = IntStream.range(0, 300).mapToObj(i -> "two-nodes-" + i).toList();
        try {
            for (int i = 0; i < ids.size(); i++) {
                store(intake, ids.get(i), "ospedale-san-carlo");
                if (i == 150) {
                    // node A shuts down as the gateway does: its timer stops, then it lets the lease go
                    running.get(0).set(false);
                    timers.get(0).join(30_000);
                    nodes.get(0).stop();
                }
            }
        } finally {
            running.forEach(on -> on.set(false));
            for (Thread t : timers) {
                t.join(30_000);
            }
        }
        nodes.get(1).relay();

        assertThat(drain()).extracting(Received::reportId).containsExactlyElementsOf(ids);
        assertThat(waiting(intake)).isZero();
    }
}
