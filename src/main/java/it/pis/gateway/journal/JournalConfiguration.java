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

    @Bean
    InboundJournal inboundJournal(JdbcTemplate jdbc, TransactionTemplate tx, ReportStore reports) {
        return new InboundJournal(jdbc, tx, reports);
    }

    @Bean
    ReportOutbox reportOutbox(JdbcTemplate jdbc, @Value("${pis.outbox.grace}") Duration grace) {
        return new ReportOutbox(jdbc, grace);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
