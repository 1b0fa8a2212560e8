package it.pis.gateway.outbound.json;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.HandoverRenderer;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.UnrenderableHandover;
import tools.jackson.databind.node.ObjectNode;

import static it.pis.gateway.outbound.json.HandoverJson.instant;
import static it.pis.gateway.outbound.json.HandoverJson.text;

/**
 * {@code json-placement}: asks a shelter for a bed ({@code json/placement-request.schema.json}).
 * The request is about the handover's placement, so it needs one, with this shelter as
 * {@code placement.partnerId} and an id the shelter can answer to at
 * {@code /json/placements/{placementId}/confirmation} or {@code /decline}; the gateway then links
 * the answer to this request by that id. A case whose placement stays in the centre (a violence
 * victim's, a VERY_RESTRICTED one, or a shelter whose agreement does not share it) gets no
 * placement request: the operator is told why when creating the handover.
 */
public final class JsonPlacementRenderer implements HandoverRenderer {

    public static final String FORMAT = "json-placement";
    public static final String SCHEMA = "json/placement-request.schema.json";
    /** What the shelter's answer URL accepts (the inbound JSON channel's rule). */
    private static final String ANSWERABLE_ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final JsonOutput output;
    private final String answerBaseUrl;
    private final JsonSchemaCheck schema = new JsonSchemaCheck(SCHEMA);

    /**
     * @param answerBaseUrl the gateway's partner address as shelters reach it, e.g.
     *                      {@code https://pis.comune.milano.example:8443}; empty: answer URLs are paths
     */
    public JsonPlacementRenderer(JsonOutput output, String answerBaseUrl) {
        this.output = output;
        this.answerBaseUrl = answerBaseUrl == null ? "" : answerBaseUrl.strip().replaceAll("/+$", "");
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Rendered render(HandoverDocument document, Agreement recipient) {
        Handover.Placement placement = placement(document, recipient);
        String messageId = document.deliveryId().toString();
        ObjectNode json = HandoverJson.object();
        json.put("documentType", "placement-request");
        json.put("version", "1");
        json.put("placementId", placement.placementId());
        json.put("handoverId", document.handoverId().toString());
        json.put("messageId", messageId);
        instant(json, "requestedAt", document.createdAt());
        text(json, "author", document.author());
        json.set("sender", HandoverJson.party(document.sender()));
        json.set("recipient", HandoverJson.party(document.recipient()));
        json.put("confidentiality", document.confidentiality().name());
        text(json, "structure", placement.structure());
        ObjectNode period = HandoverJson.object();
        instant(period, "from", placement.from());
        instant(period, "to", placement.to());
        HandoverJson.putIfAny(json, "period", period);
        ObjectNode answer = json.putObject("answer");
        String base = answerBaseUrl + "/json/placements/" + placement.placementId();
        answer.put("confirmation", base + "/confirmation");
        answer.put("decline", base + "/decline");
        HandoverJson.content(json, document);
        return output.render(messageId, json, schema, recipient);
    }

    /** The placement this request is about, or why there is none to ask for. */
    private static Handover.Placement placement(HandoverDocument document, Agreement recipient) {
        Handover.Placement placement = document.placement();
        if (placement == null) {
            String withheld = document.withheld().stream().filter(w -> w.field().equals("placement"))
                    .map(HandoverDocument.Withheld::reason).findFirst().orElse(null);
            throw new UnrenderableHandover("placement", withheld != null
                    ? "a placement request cannot be sent without the placement, and it may not leave the centre: "
                    + withheld
                    : "a placement request needs the handover's placement ({partnerId: \"" + recipient.id()
                    + "\", structure, from, to}): there is none");
        }
        if (!recipient.id().equals(placement.partnerId())) {
            throw new UnrenderableHandover("placement.partnerId", "the placement is with " + placement.partnerId()
                    + ", not with " + recipient.id() + ": a placement request goes only to the shelter asked for the bed");
        }
        if (placement.placementId() == null || !placement.placementId().matches(ANSWERABLE_ID)) {
            throw new UnrenderableHandover("placement.placementId", "'" + placement.placementId() + "' cannot be"
                    + " answered: the shelter answers at /json/placements/{placementId}/..., where the id is 1 to 64"
                    + " letters, digits, '.', '_' or '-' starting with a letter or digit");
        }
        return placement;
    }
}
