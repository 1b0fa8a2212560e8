package it.pis.gateway.inbound.json;

import java.time.Instant;

/**
 * A shelter's answer to a placement the operations centre asked for ({@code placementId} is the
 * centre's id of that request, from the URL). Confirmations name the structure and bed kind;
 * declines give a reason.
 */
public record PlacementDecision(String placementId, Decision decision, String structure, String bedKind,
                                Instant expectedBy, String reason, String note) {

    public enum Decision { CONFIRMED, DECLINED }
}
