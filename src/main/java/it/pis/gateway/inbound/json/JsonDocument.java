package it.pis.gateway.inbound.json;

import it.pis.gateway.inbound.json.JsonRest.DocumentType;
import tools.jackson.databind.JsonNode;

/**
 * What the JSON channel made of a request body (the message's protocol data): its type, the
 * parsed JSON (decrypted, for CMS agreements), and for shelter documents their typed content.
 * The journal records under which id it stored a shelter document, so that the answer (and a
 * resend's) names it.
 */
public final class JsonDocument {

    private final DocumentType type;
    private final JsonNode tree;
    private final Object content;
    private volatile String storedAs;
    private volatile boolean duplicate;

    JsonDocument(DocumentType type, JsonNode tree, Object content) {
        this.type = type;
        this.tree = tree;
        this.content = content;
    }

    public DocumentType type() { return type; }
    public JsonNode tree() { return tree; }

    /** {@link BedAvailability}, {@link PlacementDecision}, or null for a Report (which becomes the message's Report). */
    public Object content() { return content; }

    /** The journal stored this document as {@code id}; {@code duplicate}: an earlier message with the same key did. */
    public void storedAs(String id, boolean duplicate) {
        this.storedAs = id;
        this.duplicate = duplicate;
    }

    public String storedAs() { return storedAs; }
    public boolean duplicate() { return duplicate; }
}
