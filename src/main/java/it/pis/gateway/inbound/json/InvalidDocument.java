package it.pis.gateway.inbound.json;

import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;

import java.util.List;

/** A document that breaks its JSON Schema: the refusal carries every problem, each naming its field. */
public class InvalidDocument extends InboundRejection {

    private final String summary;
    private final List<String> problems;

    /** The journal's reason is the summary and every problem; the answer lists the problems apart. */
    public InvalidDocument(String summary, List<String> problems, InboundMessage message) {
        super(Kind.REJECT, Cause.INVALID, summary + ": " + String.join("; ", problems), message);
        this.summary = summary;
        this.problems = List.copyOf(problems);
    }

    public String summary() {
        return summary;
    }

    public List<String> problems() {
        return problems;
    }
}
