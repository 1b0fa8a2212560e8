package it.pis.gateway.journal;

import io.micrometer.core.instrument.MeterRegistry;
import it.pis.gateway.health.OutageLog;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class JournalConfiguration {

    @Bean
    ReportCodec reportCodec(JsonMapper json) {
        return new ReportCodec(json);
    }

    /**
     * Seals raw messages, report bodies, handovers, deliveries' content and receipts and placement
     * notes (personal data at rest) with the keys of
     * pis.journal.encryption.*; start-up stops when there is none and no development key is allowed.
     */
    @Bean
    JournalCipher journalCipher(@Value("${pis.journal.encryption.keystore:}") String keystore,
                                @Value("${pis.journal.encryption.keystore-password:}") String keystorePassword,
                                @Value("${pis.journal.encryption.keys:}") String keys,
                                @Value("${pis.journal.encryption.current-key-id:}") String currentKeyId,
                                @Value("${pis.journal.encryption.dev-key:false}") boolean devKey,
                                @Value("${pis.data-dir}") Path dataDir) {
        return new JournalCipher(ConfiguredJournalKeys.resolve(keystore, keystorePassword, keys, currentKeyId, devKey,
                dataDir));
    }

    @Bean
    ReportStore reportStore(JdbcTemplate jdbc, ReportCodec codec, JournalCipher journalCipher) {
        return new ReportStore(jdbc, codec, journalCipher);
    }

    /** The journal database's outages, logged once per state change (the group commit and the outbox report to it). */
    @Bean
    OutageLog journalOutage(Clock clock, @Value("${pis.outage.log-reminder}") Duration reminder) {
        return new OutageLog(LoggerFactory.getLogger(GroupCommit.class), "journal database", clock, reminder);
    }

    /** {@code journal} in /actuator/health and in readiness: intake stops without it. */
    @Bean
    JournalHealth journalHealthIndicator(JdbcTemplate jdbc, OutageLog journalOutage, Clock clock) {
        return new JournalHealth(jdbc, journalOutage, clock, Duration.ofMillis(800));
    }

    @Bean(destroyMethod = "close")
    GroupCommit groupCommit(TransactionTemplate tx, @Value("${pis.journal.max-batch}") int maxBatch,
                            @Value("${pis.journal.max-waiting}") int maxWaiting,
                            @Value("${pis.journal.timeout}") Duration timeout, MeterRegistry meters,
                            OutageLog journalOutage) {
        return new GroupCommit(tx, maxBatch, maxWaiting, timeout.toMillis(), meters, journalOutage);
    }

    /** ModI's jtis, used once per partner across nodes (the crypto package's {@link it.pis.gateway.crypto.ReplayGuard}). */
    @Bean
    ModiReplayGuard modiReplayGuard(JdbcTemplate jdbc, GroupCommit commits, Clock clock) {
        return new ModiReplayGuard(jdbc, commits, clock);
    }

    /** H2's store housekeeping, which the journal's WRITE_DELAY=0 turns off (see {@link H2Housekeeping}). */
    @Bean(destroyMethod = "close")
    H2Housekeeping h2Housekeeping(DataSource dataSource,
                                  @Value("${pis.journal.h2-housekeeping-interval:PT1S}") Duration interval,
                                  @Value("${pis.journal.h2-sync:false}") boolean sync) {
        return H2Housekeeping.start(dataSource, interval, sync);
    }

    @Bean
    InboundJournal inboundJournal(JdbcTemplate jdbc, GroupCommit commits, ReportStore reports, MeterRegistry meters,
                                  ApplicationEventPublisher events, JournalCipher journalCipher) {
        return new InboundJournal(jdbc, commits, reports, meters, events::publishEvent, journalCipher);
    }

    @Bean
    ShelterJournal shelterJournal(JdbcTemplate jdbc, InboundJournal inboundJournal, JournalCipher journalCipher) {
        return new ShelterJournal(jdbc, inboundJournal, journalCipher);
    }

    @Bean
    ShelterStore shelterStore(JdbcTemplate jdbc, JournalCipher journalCipher) {
        return new ShelterStore(jdbc, journalCipher);
    }

    @Bean
    HandoverJournal handoverJournal(JdbcTemplate jdbc, GroupCommit commits, JsonMapper json, JournalCipher journalCipher) {
        return new HandoverJournal(jdbc, commits, json, journalCipher);
    }

    @Bean
    MessageHistory messageHistory(JdbcTemplate jdbc) {
        return new MessageHistory(jdbc);
    }

    @Bean
    DeliveryQueue deliveryQueue(JdbcTemplate jdbc, GroupCommit commits, JournalCipher journalCipher) {
        return new DeliveryQueue(jdbc, commits, journalCipher);
    }

    @Bean
    ReportOutbox reportOutbox(JdbcTemplate jdbc, GroupCommit commits, OutageLog journalOutage, JournalCipher journalCipher,
                              @Value("${pis.outbox.relay-lease}") Duration lease, Clock clock) {
        return new ReportOutbox(jdbc, commits, journalOutage, journalCipher, lease, clock);
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
