package it.pis.gateway.publishing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import it.pis.gateway.health.OutageLog;
import it.pis.gateway.journal.ReportOutbox;
import it.pis.gateway.journal.ReportOutbox.Waiting;
import org.slf4j.LoggerFactory;
import org.springframework.jms.JmsException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Moves reports from the journal's outbox to the pis.reports queue, oldest first, in batches; run
 * by the timer in routes/reports-out.yaml. The intake never publishes: its ACK follows the journal
 * commit whatever the broker does, and the outbox is the bounded, durable hand-off. One reader in
 * the journal's order (one node at a time, {@link ReportOutbox}) keeps each partner's reports in
 * the order they arrived.
 * <p>
 * A batch leaves the outbox only after the broker took it. A broker that refuses or is gone marks
 * the broker down ({@link BrokerLink}, one log line per state change) and is tried again every
 * {@code retryWhileDown}; nothing is lost meanwhile, and intake goes on.
 */
public class ReportRelay {

    private final ReportOutbox outbox;
    private final ReportSender sender;
    private final BrokerLink broker;
    private final int batchSize;
    private final Duration retryWhileDown;
    private final Clock clock;
    private final Counter published;
    private final OutageLog unexpected;
    private volatile Instant sendingSince;
    private Instant lastTry = Instant.MIN;

    public ReportRelay(ReportOutbox outbox, ReportSender sender, BrokerLink broker, int batchSize,
                       Duration retryWhileDown, Clock clock, MeterRegistry meters, Duration logReminder) {
        this.outbox = outbox;
        this.sender = sender;
        this.broker = broker;
        this.batchSize = batchSize;
        this.retryWhileDown = retryWhileDown;
        this.clock = clock;
        this.published = Counter.builder("pis.reports.published")
                .description("reports the relay put on the pis.reports queue").register(meters);
        this.unexpected = new OutageLog(LoggerFactory.getLogger(ReportRelay.class), "report relay", clock, logReminder);
    }

    /** Sends what the outbox holds, batch after batch, until it is empty or the broker or the journal fails. */
    public void relay() {
        if (!broker.isUp() && clock.instant().isBefore(lastTry.plus(retryWhileDown))) {
            return;
        }
        try {
            ReportOutbox.Batch batch;
            long after = Long.MIN_VALUE;
            do {
                batch = outbox.after(after, batchSize);
                List<Waiting> reports = batch.reports();
                if (!reports.isEmpty() && (!send(reports) || !outbox.sent(reports))) {
                    break;
                }
                after = batch.lastSeq();
            } while (batch.rows() == batchSize);
            unexpected.up();
        } catch (RuntimeException e) {
            // a fault that is neither the broker nor the journal being down: logged once, tried again at the next run
            unexpected.down(e, "reports wait in the journal's outbox");
        }
    }

    private boolean send(List<Waiting> batch) {
        lastTry = clock.instant();
        sendingSince = lastTry;
        try {
            sender.send(batch);
        } catch (JmsException e) {
            broker.failed(e);
            return false;
        } finally {
            sendingSince = null;
        }
        broker.sent();
        published.increment(batch.size());
        return true;
    }

    /** Since when the current send has been waiting for the broker; null when none is under way. */
    public Instant sendingSince() {
        return sendingSince;
    }

    /** At shutdown: another node may relay at once. */
    public void stop() {
        outbox.releaseLease();
    }
}
