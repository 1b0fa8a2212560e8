package it.pis.gateway.publishing;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The broker as the relay last found it, without connecting (a check that connects waits for the
 * broker's timeouts, 7–30 s, when it is down). DEGRADED, not DOWN, when the broker is down or a send
 * has waited for it longer than {@link #SLOW_SEND}: intake goes on durably (reports wait in the
 * outbox), so a load balancer must keep the node, while monitoring alerts on the status. Not part of
 * readiness.
 */
public class BrokerHealth implements HealthIndicator {

    /** Shown and alerting, answered with HTTP 200 (management.endpoint.health.status.*). */
    public static final Status DEGRADED = new Status("DEGRADED");
    static final Duration SLOW_SEND = Duration.ofSeconds(10);

    private final BrokerLink broker;
    private final ReportRelay relay;
    private final Clock clock;

    public BrokerHealth(BrokerLink broker, ReportRelay relay, Clock clock) {
        this.broker = broker;
        this.relay = relay;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant downSince = broker.downSince();
        if (downSince != null) {
            return Health.status(DEGRADED).withDetail("error", "the broker does not take reports; they wait in the"
                    + " journal's outbox").withDetail("downSince", downSince.toString()).build();
        }
        Instant sendingSince = relay.sendingSince();
        if (sendingSince != null && clock.instant().isAfter(sendingSince.plus(SLOW_SEND))) {
            return Health.status(DEGRADED).withDetail("error", "the broker has not answered a send for more than "
                    + SLOW_SEND.toSeconds() + " s; reports wait in the journal's outbox")
                    .withDetail("sendingSince", sendingSince.toString()).build();
        }
        return Health.up().build();
    }
}
