package it.pis.gateway.routes;

import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the journal's {@code accept} and {@code reject} (InboundJournal, ShelterJournal: the
 * real ones need the database) with the same method names the routes call: it records what the
 * route asked, in order, and answers as the journal does (a new report, or JOURNAL_UNAVAILABLE when
 * {@link #down}).
 */
public class JournalStandIn {

    private final String name;
    private final List<String> steps;
    public final List<InboundMessage> accepted = new CopyOnWriteArrayList<>();
    public final List<Exception> rejected = new CopyOnWriteArrayList<>();
    public volatile boolean down;

    /** @param steps where every step of the route under test is recorded, shared with the other stand-ins */
    public JournalStandIn(String name, List<String> steps) {
        this.name = name;
        this.steps = steps;
    }

    public InboundMessage accept(InboundMessage message) {
        steps.add(name + ".accept");
        if (down) {
            throw new InboundRejection(InboundRejection.Kind.ERROR, InboundRejection.Cause.JOURNAL_UNAVAILABLE,
                    "journal unavailable, the message was NOT stored, please resend", message);
        }
        accepted.add(message);
        return message.report() == null ? message
                : message.journaled(InboundMessage.Outcome.NEW_REPORT, message.report());
    }

    public void reject(Exchange exchange) {
        steps.add(name + ".reject");
        rejected.add(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
    }
}
