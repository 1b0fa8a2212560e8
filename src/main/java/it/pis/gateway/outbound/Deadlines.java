package it.pis.gateway.outbound;

import it.pis.gateway.journal.DeliveryQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Legal deadlines ({@code outbound.deadline}, e.g. PT24H for art. 403 c.c. notices to the juvenile
 * court): a delivery not ACKNOWLEDGED in time is escalated once, journaled and logged at WARN, and
 * shown as overdue in the staff API.
 */
public class Deadlines {

    private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

    private final DeliveryQueue queue;
    private final Clock clock;

    public Deadlines(DeliveryQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    /** Escalates what is overdue and not escalated yet; returns how many. */
    public int escalate() {
        List<DeliveryQueue.Overdue> overdue = queue.escalateOverdue(clock.instant());
        overdue.forEach(o -> log.warn("DEADLINE MISSED: handover {} to {} is {} and its deadline {} has passed;"
                        + " reach the recipient by other means (GET /api/handovers/{})", o.handoverId(), o.partnerId(),
                o.state(), o.deadline(), o.handoverId()));
        return overdue.size();
    }
}
