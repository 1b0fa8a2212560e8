package it.pis.gateway.outbound.json;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.HandoverRenderer;
import it.pis.gateway.outbound.Rendered;
import tools.jackson.databind.node.ObjectNode;

import static it.pis.gateway.outbound.json.HandoverJson.instant;
import static it.pis.gateway.outbound.json.HandoverJson.text;

/**
 * {@code json-handover}: the documento di sintesi as a JSON document of the gateway's own
 * ({@code json/handover.schema.json}), for anti-violence centres and other services on JSON REST.
 * The envelope always, and every content field the recipient's document carries. The message id
 * is the delivery id, and travels as the {@code Idempotency-Key} header too.
 */
public final class JsonHandoverRenderer implements HandoverRenderer {

    public static final String FORMAT = "json-handover";
    public static final String SCHEMA = "json/handover.schema.json";

    private final JsonOutput output;
    private final JsonSchemaCheck schema = new JsonSchemaCheck(SCHEMA);

    public JsonHandoverRenderer(JsonOutput output) {
        this.output = output;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Rendered render(HandoverDocument document, Agreement recipient) {
        String messageId = document.deliveryId().toString();
        ObjectNode json = HandoverJson.object();
        json.put("documentType", "handover");
        json.put("version", "1");
        json.put("handoverId", document.handoverId().toString());
        json.put("messageId", messageId);
        instant(json, "createdAt", document.createdAt());
        text(json, "author", document.author());
        json.set("sender", HandoverJson.party(document.sender()));
        json.set("recipient", HandoverJson.party(document.recipient()));
        json.put("confidentiality", document.confidentiality().name());
        HandoverJson.content(json, document);
        placement(json, document.placement());
        return output.render(messageId, json, schema, recipient);
    }

    private static void placement(ObjectNode json, Handover.Placement placement) {
        if (placement == null) {
            return;
        }
        ObjectNode node = HandoverJson.object();
        text(node, "partnerId", placement.partnerId());
        text(node, "placementId", placement.placementId());
        text(node, "structure", placement.structure());
        instant(node, "from", placement.from());
        instant(node, "to", placement.to());
        HandoverJson.putIfAny(json, "placement", node);
    }
}
