package it.pis.gateway.publishing;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.time.Instant;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The broker as publishing last found it, without connecting (a check that connects waits for
 * the broker's timeouts, 7–30 s, when it is down). DEGRADED, not DOWN, when the broker is down or
 * does not keep up: intake goes on durably (reports wait in the outbox), so a load balancer must keep
 * the node, while monitoring alerts on the status. Not part of readiness.
 */
public class BrokerHealth implements HealthIndicator {

    /** Shown and alerting, answered with HTTP 200 (management.endpoint.health.status.*). */
    public static final Status DEGRADED = new Status("DEGRADED");

    private final BrokerLink broker;
    private final ThreadPoolExecutor publishers;

    public BrokerHealth(BrokerLink broker, ThreadPoolExecutor publishers) {
        this.broker = broker;
        this.publishers = publishers;
    }

    @Override
    public Health health() {
        int waiting = publishers.getQueue().size();
        Instant downSince = broker.downSince();
        if (downSince != null) {
            return Health.status(DEGRADED).withDetail("error", "the broker does not take reports; they wait in the"
                    + " journal's outbox").withDetail("downSince", downSince.toString()).build();
        }
        if (publishers.getQueue().remainingCapacity() == 0) {
            return Health.status(DEGRADED).withDetail("error", "the broker does not keep up: the publish backlog is"
                    + " full and new reports wait in the journal's outbox").withDetail("backlog", waiting).build();
        }
        return Health.up().withDetail("backlog", waiting).build();
    }
}
