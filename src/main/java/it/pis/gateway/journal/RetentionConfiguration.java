package it.pis.gateway.journal;

import it.pis.gateway.agreement.AgreementRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/** The retention purge (pis.retention.*), run by routes/retention.yaml and by {@code retention purge}. */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    RetentionPurge retentionPurge(JdbcTemplate jdbc, AuditTrail auditTrail, AgreementRegistry agreementRegistry,
                                  Clock clock, @Value("${pis.retention.raw-messages:}") String rawMessages,
                                  @Value("${pis.retention.reports:}") String reports,
                                  @Value("${pis.retention.handovers:}") String handovers,
                                  @Value("${pis.retention.failed-deliveries:}") String failedDeliveries,
                                  @Value("${pis.retention.placement-notes:}") String placementNotes,
                                  JournalCipher journalCipher, JsonMapper json,
                                  @Value("${pis.retention.batch}") int batch,
                                  @Value("${pis.retention.h2-compact-millis}") int h2CompactMillis) {
        RetentionPeriods global = new RetentionPeriods(RetentionPeriods.period(rawMessages), RetentionPeriods.period(reports),
                RetentionPeriods.period(handovers), RetentionPeriods.period(failedDeliveries),
                RetentionPeriods.period(placementNotes));
        return new RetentionPurge(jdbc, batch, h2CompactMillis, auditTrail,
                AgreementRetention.of(global, agreementRegistry), clock, journalCipher, json);
    }
}
