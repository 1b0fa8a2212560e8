package it.pis.gateway.inbound.json;

import java.util.Arrays;
import java.util.Optional;

/**
 * The JSON REST channel's names. A document's type follows from the endpoint it is posted to and is
 * what the agreement's {@code inbound[].accept} lists; each type has its JSON Schema under
 * {@code src/main/resources/json/}.
 */
public final class JsonRest {

    /** The channel name agreements and the journal use. */
    public static final String CHANNEL = "json-rest";

    /** What a partner may post, by endpoint. */
    public enum DocumentType {
        Report("/json/reports", "report.schema.json"),
        BedAvailability("/json/beds", "bed-availability.schema.json"),
        PlacementConfirmation("/json/placements/{placementId}/confirmation", "placement-confirmation.schema.json"),
        PlacementDecline("/json/placements/{placementId}/decline", "placement-decline.schema.json");

        private final String endpoint;
        private final String schema;

        DocumentType(String endpoint, String schema) {
            this.endpoint = endpoint;
            this.schema = schema;
        }

        public String endpoint() {
            return endpoint;
        }

        /** Classpath resource of the document's JSON Schema. */
        public String schema() {
            return "json/" + schema;
        }

        public boolean isPlacementDecision() {
            return this == PlacementConfirmation || this == PlacementDecline;
        }

        public static Optional<DocumentType> named(String name) {
            return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
        }
    }

    private JsonRest() {
    }
}
