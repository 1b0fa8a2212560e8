package it.pis.gateway.publishing;

import it.pis.gateway.routes.YamlRouteTestSupport;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/reports-out.yaml on its own: its timer runs the relay every relay-period, one run at a time,
 * and a run that fails does not stop the next. The relay itself (journal, broker) is ReportRelayTest's.
 */
class ReportsOutRouteTest extends YamlRouteTestSupport {

    /** Stands in for {@link ReportRelay}: counts its runs, notes overlapping ones, fails its second. */
    public static class RelayStandIn {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final CountDownLatch fiveRuns = new CountDownLatch(5);

        public void relay() throws InterruptedException {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            try {
                Thread.sleep(30); // longer than the period
                if (runs.incrementAndGet() == 2) {
                    throw new IllegalStateException("a run that fails");
                }
            } finally {
                running.decrementAndGet();
                fiveRuns.countDown();
            }
        }
    }

    final RelayStandIn relay = new RelayStandIn();

    @Override
    protected List<String> routeFiles() {
        return List.of("reports-out.yaml");
    }

    @Override
    protected Properties properties() {
        Properties properties = new Properties();
        properties.put("pis.outbox.relay-period", "10");
        return properties;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("reportRelay", relay);
    }

    @Test
    void theTimerRunsTheRelayAgainAndAgainOneRunAtATimeEvenAfterAFailedRun() throws Exception {
        startRoutes();

        assertThat(relay.fiveRuns.await(10, TimeUnit.SECONDS)).as("five runs").isTrue();
        assertThat(relay.overlaps).as("runs that overlapped").hasValue(0);
    }
}
