package it.pis.gateway.publishing;

import it.pis.gateway.health.OutageLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the broker is taking reports, as the relay's last send found it ({@link ReportRelay}):
 * while it is down, the relay tries again only every so often and reports wait in the journal's
 * outbox. Logs one line per state change ({@link OutageLog}), and feeds the broker's health.
 */
public class BrokerLink {

    private static final Logger log = LoggerFactory.getLogger(BrokerLink.class);
    static final String CONSEQUENCE = "new reports wait in the journal's outbox and are sent when the broker is back;"
            + " intake and ACKs go on";

    private final OutageLog outage;

    public BrokerLink(Clock clock, Duration reminder) {
        this.outage = new OutageLog(log, "message broker", clock, reminder);
    }

    /** True unless the last send failed and none succeeded since. */
    public boolean isUp() {
        return !outage.isDown();
    }

    /** When the broker was found down; null while up. */
    public Instant downSince() {
        return outage.downSince();
    }

    /** The broker took a batch. */
    public void sent() {
        outage.up();
    }

    /** A send failed: its reports stay in the outbox. */
    public void failed(Throwable cause) {
        outage.down(cause, CONSEQUENCE);
    }
}
