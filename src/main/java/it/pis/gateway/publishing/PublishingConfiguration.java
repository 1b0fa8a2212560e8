package it.pis.gateway.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import it.pis.gateway.journal.ReportOutbox;
import jakarta.jms.ConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Duration;

/** Relaying new reports from the journal's outbox to the staff queue (routes/reports-out.yaml). */
@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    @Bean
    BrokerLink brokerLink(Clock clock, @Value("${pis.outage.log-reminder}") Duration reminder) {
        return new BrokerLink(clock, reminder);
    }

    @Bean
    ReportSender reportSender(ConnectionFactory connections, @Value("${pis.reports.queue}") String queue) {
        return new ReportSender(connections, queue);
    }

    /** Its lease is released at shutdown, after Camel stopped the timer that runs it (Spring stops lifecycles before it destroys beans). */
    @Bean(destroyMethod = "stop")
    ReportRelay reportRelay(ReportOutbox reportOutbox, ReportSender reportSender, BrokerLink brokerLink,
                            @Value("${pis.outbox.relay-batch}") int batch,
                            @Value("${pis.outbox.retry-while-broker-down}") Duration retry, Clock clock,
                            MeterRegistry meters, @Value("${pis.outage.log-reminder}") Duration reminder) {
        return new ReportRelay(reportOutbox, reportSender, brokerLink, batch, retry, clock, meters, reminder);
    }

    /** The embedded broker pages to disk beyond this much per address instead of growing the heap. */
    @Bean
    BrokerPagingLimit brokerPagingLimit(@Value("${pis.broker.max-size-bytes}") DataSize maxSize) {
        return new BrokerPagingLimit(maxSize);
    }

    /** {@code broker} in /actuator/health: shown, alerting, never in readiness. */
    @Bean
    BrokerHealth brokerHealthIndicator(BrokerLink brokerLink, ReportRelay reportRelay, Clock clock) {
        return new BrokerHealth(brokerLink, reportRelay, clock);
    }
}
