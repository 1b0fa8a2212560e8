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
 * An unexpected failure of the gateway is a 503 with cause INTERNAL: the message was journaled as
 * refused, not accepted, so the partner must resend it (a 4xx would tell it not to, and the report
 * would be lost), as FHIR's 503, SOAP's soap:Server and HL7's AE say.
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
            status = 503;
            body.put("error", "internal error of the gateway (" + (caught == null ? "unknown error"
                    : caught.getClass().getSimpleName()) + "): the message was NOT stored, please resend");
            body.put("cause", "INTERNAL");
        }
        return new JsonReply(status, json.writeValueAsString(body));
    }
}
