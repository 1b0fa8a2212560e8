package it.pis.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per recipient, how many deliveries wait (QUEUED) and how long the oldest has waited:
 * {@code pis.deliveries.queued} and {@code pis.deliveries.oldest.age} (seconds). One grouped query
 * serves every gauge, at most once per {@code maxAge} however often they are read (a scrape reads
 * all of them at once), so a busy scraper costs the journal nothing it would notice.
 */
public class DeliveryBacklog {

    /** What waits for one recipient. */
    public record Waiting(long queued, Instant oldest) {
    }

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration maxAge;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Waiting> snapshot = Map.of();
    private volatile Instant readAt = Instant.MIN;

    public DeliveryBacklog(JdbcTemplate jdbc, MeterRegistry meters, Clock clock, Duration maxAge, Set<String> recipients) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
        this.maxAge = maxAge;
        recipients.forEach(this::register);
    }

    /** The backlog per recipient now (at most {@code maxAge} old); recipients with nothing waiting are absent. */
    public Map<String, Waiting> current() {
        Instant now = clock.instant();
        if (readAt.plus(maxAge).isBefore(now)) {
            synchronized (this) {
                if (readAt.plus(maxAge).isBefore(now)) {
                    Map<String, Waiting> fresh = new ConcurrentHashMap<>();
                    jdbc.query("SELECT partner_id, COUNT(*), MIN(created_at) FROM delivery WHERE state = 'QUEUED'"
                            + " GROUP BY partner_id", rs -> {
                                fresh.put(rs.getString(1), new Waiting(rs.getLong(2), rs.getTimestamp(3).toInstant()));
                            });
                    snapshot = fresh;
                    readAt = now;
                    fresh.keySet().forEach(this::register);
                }
            }
        }
        return snapshot;
    }

    private void register(String partner) {
        if (!registered.add(partner)) {
            return;
        }
        Gauge.builder("pis.deliveries.queued", () -> waiting(partner).queued())
                .description("deliveries waiting to be sent (QUEUED), per recipient").tag("partner", partner)
                .register(meters);
        Gauge.builder("pis.deliveries.oldest.age", () -> {
                    Waiting w = waiting(partner);
                    return w.oldest() == null ? 0 : Duration.between(w.oldest(), clock.instant()).toMillis() / 1000.0;
                })
                .description("how long the oldest waiting delivery has waited, per recipient").baseUnit("seconds")
                .tag("partner", partner).register(meters);
    }

    private Waiting waiting(String partner) {
        return current().getOrDefault(partner, new Waiting(0, null));
    }
}
