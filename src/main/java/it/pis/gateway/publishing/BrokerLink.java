package it.pis.gateway.publishing;

import it.pis.gateway.health.OutageLog;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the broker is taking reports, as the last send found it. While it is down, new reports
 * are not sent at all (each would wait for a connection attempt, holding a publisher thread): they
 * stay in the journal's outbox, and the outbox sweep, which always tries, is the one that finds the
 * broker back. Logs one line per state change ({@link OutageLog}), and feeds the broker's health.
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

    /** The broker took a report. */
    public void sent() {
        outage.up();
    }

    /** A send failed (the route's caught exception): the report stays in the outbox. */
    public void failed(Exchange exchange) {
        failed(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }

    public void failed(Throwable cause) {
        outage.down(cause, CONSEQUENCE);
    }
}
