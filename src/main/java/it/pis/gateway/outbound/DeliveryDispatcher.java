package it.pis.gateway.outbound;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.journal.DeliveryQueue;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hands journaled deliveries to the transport routes ({@code direct:deliver-<channel>}), in order
 * per recipient and one recipient per worker, so that a slow or dead partner holds only its own
 * deliveries. For each recipient that is due, its circuit allows it and this node holds its lease:
 * send its due deliveries one after the other, record each outcome, and stop at the first that must
 * be retried, so that nothing behind it overtakes it.
 */
public class DeliveryDispatcher {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final DeliveryQueue queue;
    private final AgreementRegistry agreements;
    private final OutboundEndpoints endpoints;
    private final DeliveryOutcomes outcomes;
    private final RecipientCircuits circuits;
    private final ProducerTemplate transports;
    private final ExecutorService workers;
    private final ExecutorService wakeups;
    private final String node;
    private final Duration lease;
    private final int batch;
    private final Clock clock;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private volatile boolean failing;

    public DeliveryDispatcher(DeliveryQueue queue, AgreementRegistry agreements, OutboundEndpoints endpoints,
                              DeliveryOutcomes outcomes, RecipientCircuits circuits, ProducerTemplate transports,
                              ExecutorService workers, ExecutorService wakeups, String node, Duration lease, int batch,
                              Clock clock) {
        this.queue = queue;
        this.agreements = agreements;
        this.endpoints = endpoints;
        this.outcomes = outcomes;
        this.circuits = circuits;
        this.transports = transports;
        this.workers = workers;
        this.wakeups = wakeups;
        this.node = node;
        this.lease = lease;
        this.batch = batch;
        this.clock = clock;
    }

    /**
     * The sweep (routes/handover-dispatch.yaml): {@link #dispatchDue}, logging a journal outage once
     * when it starts and once when it ends rather than at every sweep.
     */
    public int sweep() {
        try {
            int started = dispatchDue();
            if (failing) {
                failing = false;
                log.info("deliveries resume: the journal answers again");
            }
            return started;
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("deliveries wait: cannot read the outbound journal ({}); retrying at every sweep", e.toString());
            }
            return 0;
        }
    }

    /** Starts a worker for every recipient with a due delivery that no worker serves yet; returns how many. */
    public int dispatchDue() {
        int started = 0;
        for (String partner : queue.recipientsDue(clock.instant())) {
            if (!busy.add(partner)) {
                continue;
            }
            if (!circuits.mayTry(partner)) {
                busy.remove(partner);
                continue;
            }
            try {
                workers.execute(() -> deliverInOrder(partner));
                started++;
            } catch (RejectedExecutionException stopping) {
                circuits.unused(partner);
                busy.remove(partner);
            }
        }
        return started;
    }

    /** Asks for a dispatch soon, off the caller's thread (after a handover is journaled, say). */
    public void wake() {
        try {
            wakeups.execute(this::sweep);
        } catch (RejectedExecutionException alreadyPending) {
            // one wake-up is pending already, and it will see this delivery too
        }
    }

    private void deliverInOrder(String partner) {
        boolean attempted = false;
        try {
            Instant leasedUntil = renew(partner, null);
            if (leasedUntil == null) {
                return;
            }
            while (true) {
                List<DeliveryQueue.Queued> due = queue.due(partner, clock.instant(), batch);
                if (due.isEmpty()) {
                    return;
                }
                for (DeliveryQueue.Queued queued : due) {
                    leasedUntil = renew(partner, leasedUntil);
                    if (leasedUntil == null) {
                        return;
                    }
                    attempted = true;
                    if (deliver(queued) == DeliveryState.QUEUED) {
                        return;
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("delivering to {} stopped, the next sweep resumes it: {}", partner, e.toString());
        } finally {
            if (!attempted) {
                circuits.unused(partner);
            }
            try {
                queue.release(partner, node);
            } catch (RuntimeException e) {
                log.debug("lease of {} not released, it expires by itself: {}", partner, e.toString());
            } finally {
                busy.remove(partner);
            }
        }
    }

    /** Takes or renews the recipient's lease when half of it is gone; null when another node holds it. */
    private Instant renew(String partner, Instant leasedUntil) {
        Instant now = clock.instant();
        if (leasedUntil != null && now.isBefore(leasedUntil.minus(lease.dividedBy(2)))) {
            return leasedUntil;
        }
        Instant until = now.plus(lease);
        return queue.lease(partner, node, now, until) ? until : null;
    }

    private DeliveryState deliver(DeliveryQueue.Queued queued) {
        Optional<Agreement> recipient = agreements.current().byId(queued.partnerId());
        DeliveryAttempt attempt = new DeliveryAttempt(queued.id(), queued.handoverId(), queued.partnerId(), recipient.orElse(null),
                queued.channel(), queued.format(), recipient.map(endpoints::of).orElse(queued.endpoint()),
                queued.messageId(), queued.contentType(), queued.content(), queued.attempts() + 1);
        String unsendable = unsendable(queued, recipient);
        if (unsendable != null) {
            return outcomes.record(attempt, new DeliveryResult.Failed(null, unsendable));
        }
        try {
            DeliveryResult result = transports.requestBody("direct:deliver-" + queued.channel(), attempt,
                    DeliveryResult.class);
            if (result == null) {
                return outcomes.record(attempt, new DeliveryResult.Failed(null, "the " + queued.channel()
                        + " transport gave no result"));
            }
            return outcomes.record(attempt, result);
        } catch (RuntimeException e) {
            return outcomes.failed(attempt, e);
        }
    }

    /** Why a journaled delivery cannot go as rendered under the agreement in force now, if it cannot. */
    private static String unsendable(DeliveryQueue.Queued queued, Optional<Agreement> recipient) {
        if (queued.unreadable() != null) {
            return queued.unreadable();
        }
        if (recipient.isEmpty()) {
            return "agreement " + queued.partnerId() + " is no longer in force; it waits for an agreement to be reloaded";
        }
        if (recipient.get().outbound() == null) {
            return "agreement " + queued.partnerId() + " has no outbound section any more";
        }
        if (!recipient.get().outbound().format().equals(queued.format())
                || !recipient.get().outbound().channel().equals(queued.channel())) {
            return "agreement " + queued.partnerId() + " now wants " + recipient.get().outbound().format() + " over "
                    + recipient.get().outbound().channel() + ", but this document was rendered as " + queued.format()
                    + " over " + queued.channel() + " when the handover was made";
        }
        return null;
    }
}
