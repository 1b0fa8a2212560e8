package it.pis.gateway.journal;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

@Configuration(proxyBeanMethods = false)
class JournalConfiguration {

    @Bean
    ReportCodec reportCodec(JsonMapper json) {
        return new ReportCodec(json);
    }

    @Bean
    ReportStore reportStore(JdbcTemplate jdbc, ReportCodec codec) {
        return new ReportStore(jdbc, codec);
    }

    @Bean(destroyMethod = "close")
    GroupCommit groupCommit(TransactionTemplate tx, @Value("${pis.journal.max-batch}") int maxBatch,
                            @Value("${pis.journal.max-waiting}") int maxWaiting,
                            @Value("${pis.journal.timeout}") Duration timeout, MeterRegistry meters) {
        return new GroupCommit(tx, maxBatch, maxWaiting, timeout.toMillis(), meters);
    }

    @Bean
    InboundJournal inboundJournal(JdbcTemplate jdbc, GroupCommit commits, ReportStore reports, MeterRegistry meters,
                                  ApplicationEventPublisher events) {
        return new InboundJournal(jdbc, commits, reports, meters, events::publishEvent);
    }

    @Bean
    ShelterJournal shelterJournal(JdbcTemplate jdbc, InboundJournal inboundJournal) {
        return new ShelterJournal(jdbc, inboundJournal);
    }

    @Bean
    ShelterStore shelterStore(JdbcTemplate jdbc) {
        return new ShelterStore(jdbc);
    }

    @Bean
    HandoverJournal handoverJournal(JdbcTemplate jdbc, GroupCommit commits, JsonMapper json) {
        return new HandoverJournal(jdbc, commits, json);
    }

    @Bean
    MessageHistory messageHistory(JdbcTemplate jdbc) {
        return new MessageHistory(jdbc);
    }

    @Bean
    DeliveryQueue deliveryQueue(JdbcTemplate jdbc, GroupCommit commits) {
        return new DeliveryQueue(jdbc, commits);
    }

    @Bean
    ReportOutbox reportOutbox(JdbcTemplate jdbc, GroupCommit commits, @Value("${pis.outbox.grace}") Duration grace) {
        return new ReportOutbox(jdbc, commits, grace);
    }

    /**
     * Threads that put new reports on the queue after the ACK. Each durable send waits for the
     * broker's disk sync, and the broker syncs once for all sends waiting, so more senders means
     * fewer syncs per report. When all are busy and the backlog is full, the message's own thread
     * publishes (back-pressure instead of an unbounded backlog); the outbox sweep covers failures.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService reportPublishers(@Value("${pis.reports.publishers}") int publishers) {
        return new ThreadPoolExecutor(publishers, publishers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
                new CustomizableThreadFactory("report-publisher-"), new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** The audit trail; {@code node} names this gateway in each row (pis.node-id, else the host name). */
    @Bean
    AuditTrail auditTrail(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, @Value("${pis.node-id:}") String nodeId) {
        return new AuditTrail(jdbc, tx, clock, nodeId.isBlank() ? hostName() : nodeId);
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "pis-gateway";
        }
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
