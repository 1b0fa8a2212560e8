package it.pis.gateway.publishing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What happens to a new report when the publishers' backlog is full: nothing. The report is
 * already in the journal and its outbox, so the outbox sweep sends it later; the message's own
 * thread goes straight on to its ACK instead of publishing (which could wait for a broker that
 * is slow or down). Counted in {@code pis.reports.deferred}; logged once per {@code reminder}.
 */
class LeaveInOutbox implements RejectedExecutionHandler {

    private static final Logger log = LoggerFactory.getLogger(LeaveInOutbox.class);

    private final Counter deferred;
    private final Clock clock;
    private final Duration reminder;
    private Instant lastLogged;

    LeaveInOutbox(MeterRegistry meters, Clock clock, Duration reminder) {
        this.deferred = Counter.builder("pis.reports.deferred")
                .description("new reports left to the outbox sweep because the publish backlog was full").register(meters);
        this.clock = clock;
        this.reminder = reminder;
    }

    @Override
    public void rejectedExecution(Runnable task, ThreadPoolExecutor executor) {
        deferred.increment();
        logAtMostOncePerReminder(executor);
    }

    private synchronized void logAtMostOncePerReminder(ThreadPoolExecutor executor) {
        Instant now = clock.instant();
        if (lastLogged == null || !now.isBefore(lastLogged.plus(reminder))) {
            lastLogged = now;
            log.warn("publish backlog full ({} reports waiting): new reports wait in the journal's outbox for the sweep"
                    + " ({} deferred so far)", executor.getQueue().size(), (long) deferred.count());
        }
    }
}
