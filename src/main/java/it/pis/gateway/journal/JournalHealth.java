package it.pis.gateway.journal;

import it.pis.gateway.health.OutageLog;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the journal takes writes: what intake depends on, hence part of readiness. A commit that
 * succeeded in the last few seconds answers at once, without touching the database (a busy gateway
 * is never probed); otherwise one query is run on a thread of its own and waited for at most
 * {@code timeout}, so that a database that hangs (a cut network, an exhausted pool) makes the
 * answer DOWN in well under a second rather than a health check that hangs with it. A query still
 * running from an earlier check is waited for again, never doubled.
 */
public class JournalHealth implements HealthIndicator {

    static final Duration RECENT = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final OutageLog outage;
    private final Clock clock;
    private final Duration timeout;
    private final ExecutorService probes = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "journal-health");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Integer> pending;

    public JournalHealth(JdbcTemplate jdbc, OutageLog outage, Clock clock, Duration timeout) {
        this.jdbc = jdbc;
        this.outage = outage;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        Instant lastSuccess = outage.lastSuccess();
        if (!outage.isDown() && lastSuccess != null && lastSuccess.isAfter(clock.instant().minus(RECENT))) {
            return Health.up().withDetail("lastCommit", lastSuccess.toString()).build();
        }
        try {
            probe().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            outage.up();
            return Health.up().build();
        } catch (TimeoutException e) {
            return down("no answer from the journal database within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            outage.down(e.getCause(), GroupCommit.OUTAGE_CONSEQUENCE);
            return down(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        }
    }

    private synchronized Future<Integer> probe() {
        if (pending == null || pending.isDone()) {
            pending = probes.submit(() -> jdbc.queryForObject("SELECT 1", Integer.class));
        }
        return pending;
    }

    private Health down(String why) {
        Health.Builder health = Health.down().withDetail("error", why);
        Instant since = outage.downSince();
        return (since == null ? health : health.withDetail("downSince", since.toString())).build();
    }
}
