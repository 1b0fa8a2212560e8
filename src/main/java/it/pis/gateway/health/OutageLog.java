package it.pis.gateway.health;

import org.slf4j.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One log line per state change of something the gateway depends on (the broker, the journal):
 * one ERROR when it goes down, one WARN every {@code reminder} while it stays down, one INFO when it
 * is back, instead of a line per failed attempt. Thread-safe; {@link #down} and {@link #up} are cheap
 * when nothing changes.
 */
public class OutageLog {

    private final Logger log;
    private final String what;
    private final Clock clock;
    private final Duration reminder;
    private volatile Instant downSince;
    private volatile Instant lastSuccess;
    private Instant lastReminder;
    private long failuresSinceDown;

    public OutageLog(Logger log, String what, Clock clock, Duration reminder) {
        this.log = log;
        this.what = what;
        this.clock = clock;
        this.reminder = reminder;
    }

    /** A failure: logged if it starts an outage, or if the last reminder is older than the period. */
    public synchronized void down(Throwable cause, String consequence) {
        Instant now = clock.instant();
        failuresSinceDown++;
        if (downSince == null) {
            downSince = now;
            lastReminder = now;
            log.error("{} unavailable ({}): {}", what, describe(cause), consequence);
        } else if (!now.isBefore(lastReminder.plus(reminder))) {
            lastReminder = now;
            log.warn("{} still unavailable after {} ({} failed attempts; last: {}): {}", what,
                    rounded(Duration.between(downSince, now)), failuresSinceDown, describe(cause), consequence);
        }
    }

    /** A success: logged if it ends an outage. */
    public void up() {
        lastSuccess = clock.instant();
        if (downSince == null) {
            return;
        }
        synchronized (this) {
            if (downSince != null) {
                log.info("{} available again after {} ({} failed attempts)", what,
                        rounded(Duration.between(downSince, clock.instant())), failuresSinceDown);
                downSince = null;
                failuresSinceDown = 0;
            }
        }
    }

    /** A volatile read: cheap enough to ask before every send. */
    public boolean isDown() {
        return downSince != null;
    }

    /** When the last success was reported; null before the first. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** When the current outage began; null when up. */
    public Instant downSince() {
        return downSince;
    }

    /** The innermost cause's class and message: enough to tell "connection refused" from "disk full". */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "no cause given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
    }

    private static String rounded(Duration d) {
        return Duration.ofSeconds(d.toSeconds()).toString().substring(2).toLowerCase();
    }
}
