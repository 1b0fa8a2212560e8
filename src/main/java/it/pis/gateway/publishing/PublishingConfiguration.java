package it.pis.gateway.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.unit.DataSize;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Publishing new reports to the staff queue (routes/reports-out.yaml) after the journal commit. */
@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    @Bean
    BrokerLink brokerLink(Clock clock, @Value("${pis.outage.log-reminder}") Duration reminder) {
        return new BrokerLink(clock, reminder);
    }

    /**
     * Threads that put new reports on the queue after the commit (the routes' wireTap). Each durable
     * send waits for the broker's disk sync, and the broker syncs once for all sends waiting, so more
     * senders means fewer syncs per report. The hand-off never blocks the message's thread: when all
     * are busy and the backlog ({@code pis.reports.backlog}) is full, the report is left to the outbox
     * sweep ({@link LeaveInOutbox}).
     */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor reportPublishers(@Value("${pis.reports.publishers}") int publishers,
                                     @Value("${pis.reports.backlog}") int backlog, MeterRegistry meters, Clock clock,
                                     @Value("${pis.outage.log-reminder}") Duration reminder) {
        return new ThreadPoolExecutor(publishers, publishers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(backlog),
                new CustomizableThreadFactory("report-publisher-"), new LeaveInOutbox(meters, clock, reminder));
    }

    /** The embedded broker pages to disk beyond this much per address instead of growing the heap. */
    @Bean
    BrokerPagingLimit brokerPagingLimit(@Value("${pis.broker.max-size-bytes}") DataSize maxSize) {
        return new BrokerPagingLimit(maxSize);
    }

    /** {@code broker} in /actuator/health: shown, alerting, never in readiness. */
    @Bean
    BrokerHealth brokerHealthIndicator(BrokerLink brokerLink, ThreadPoolExecutor reportPublishers) {
        return new BrokerHealth(brokerLink, reportPublishers);
    }
}
