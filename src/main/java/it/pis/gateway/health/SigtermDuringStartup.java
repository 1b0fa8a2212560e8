package it.pis.gateway.health;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A SIGTERM while the gateway is still starting ends the process within {@code grace}. Spring's own
 * shutdown hook waits for start-up to finish before it closes anything, and a start-up that waits
 * for a database or broker that does not answer never finishes: the process would ignore SIGTERM
 * until killed. Until start-up has finished no partner port is open, so nothing was acknowledged
 * and nothing is lost by stopping at once. Once started, a SIGTERM is Spring's ordinary graceful
 * shutdown and this hook does nothing.
 */
public final class SigtermDuringStartup implements ApplicationListener<SpringApplicationEvent> {

    /** The exit status of a process ended by SIGTERM (128 + 15), as the shell reports it. */
    static final int SIGTERM_STATUS = 143;

    private final Duration grace;
    private final CountDownLatch settled = new CountDownLatch(1);

    public SigtermDuringStartup(Duration grace) {
        this.grace = grace;
    }

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationStartingEvent) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::onSigterm, "sigterm-during-startup"));
        } else if (event instanceof ApplicationStartedEvent || event instanceof ApplicationFailedEvent) {
            settled.countDown();
        }
    }

    private void onSigterm() {
        try {
            if (settled.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the logging system may already be shutting down: the console is what is left
        System.err.println("pis-gateway: SIGTERM during start-up, which had not finished after " + grace.toSeconds()
                + " s more; stopping now (no partner port was open yet, nothing was acknowledged)");
        Runtime.getRuntime().halt(SIGTERM_STATUS);
    }
}
