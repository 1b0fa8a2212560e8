package it.pis.gateway.journal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;

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
                            @Value("${pis.journal.timeout}") Duration timeout) {
        return new GroupCommit(tx, maxBatch, maxWaiting, timeout.toMillis());
    }

    @Bean
    InboundJournal inboundJournal(JdbcTemplate jdbc, GroupCommit commits, ReportStore reports) {
        return new InboundJournal(jdbc, commits, reports);
    }

    @Bean
    ReportOutbox reportOutbox(JdbcTemplate jdbc, GroupCommit commits, @Value("${pis.outbox.grace}") Duration grace) {
        return new ReportOutbox(jdbc, commits, grace);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
