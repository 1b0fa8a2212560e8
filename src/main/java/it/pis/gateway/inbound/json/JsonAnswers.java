package it.pis.gateway.inbound.json;

import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import org.apache.camel.Exchange;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The channel's answers, one shape for all of them.
 * <ul>
 * <li>accepted: {@code 201 {"id", "type", "status": "ACCEPTED"}}; a resend with the same
 *     Idempotency-Key: {@code 200 {... "status": "DUPLICATE"}} with the first message's id. Sent only
 *     after the journal committed (the route calls this after the journal step).</li>
 * <li>refused: {@code 4xx {"error": "<cause and agreement rule>", "cause": "<InboundRejection.Cause>",
 *     "problems": ["<JSON Pointer>: <rule>", ...], "messageId": "<journal id of the refused message>"}};
 *     503 with Retry-After only when the journal is down (resend later).</li>
 * </ul>
 * An unexpected failure is a 422 with cause INTERNAL: the same bytes would fail the same way, and
 * a 500 would tell the partner's client to retry forever.
 */
public class JsonAnswers {

    private final JsonMapper json = JsonMapper.builder().build();

    public JsonReply accepted(InboundMessage message) {
        ObjectNode body = json.createObjectNode();
        boolean duplicate;
        if (message.report() != null) {
            body.put("id", message.reportId());
            duplicate = message.outcome() == InboundMessage.Outcome.DUPLICATE;
        } else {
            JsonDocument document = (JsonDocument) message.protocolData();
            body.put("id", document.storedAs());
            duplicate = document.duplicate();
        }
        body.put("type", message.messageType());
        body.put("status", duplicate ? "DUPLICATE" : "ACCEPTED");
        body.put("idempotencyKey", message.externalId());
        return new JsonReply(duplicate ? 200 : 201, json.writeValueAsString(body));
    }

    public JsonReply rejected(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ObjectNode body = json.createObjectNode();
        int status;
        if (caught instanceof InboundRejection rejection) {
            status = rejection.cause().httpStatus();
            body.put("error", rejection instanceof InvalidDocument invalid ? invalid.summary() : rejection.getMessage());
            body.put("cause", rejection.cause().name());
            if (rejection instanceof InvalidDocument invalid) {
                ArrayNode problems = body.putArray("problems");
                invalid.problems().forEach(problems::add);
            }
            if (rejection.inbound() != null) {
                body.put("messageId", rejection.inbound().id().toString());
            }
        } else {
            status = 422;
            body.put("error", "the gateway could not process this message (" + (caught == null ? "unknown error"
                    : caught.getClass().getSimpleName()) + "); it was journaled as refused: quote the time to the"
                    + " operations centre");
            body.put("cause", "INTERNAL");
        }
        return new JsonReply(status, json.writeValueAsString(body));
    }
}
