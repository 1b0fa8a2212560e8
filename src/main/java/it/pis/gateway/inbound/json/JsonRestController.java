package it.pis.gateway.inbound.json;

import it.pis.gateway.inbound.PartnerRequest;
import it.pis.gateway.inbound.PartnerRequests;
import it.pis.gateway.inbound.json.JsonRest.DocumentType;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * The JSON REST endpoints on the partner HTTPS port (PartnerPortFilter keeps {@code /json} there).
 * Thin on purpose: reads the request, hands it to {@code routes/json-rest-in.yaml} and writes back
 * what the route answered. The body is read as bytes, whatever its Content-Type, so that the route
 * journals and refuses a wrong one with its reason instead of Spring answering first.
 */
@RestController
class JsonRestController {

    private static final Logger log = LoggerFactory.getLogger(JsonRestController.class);

    private final ProducerTemplate route;
    private final int maxBodyBytes;

    JsonRestController(ProducerTemplate route, JsonSettings settings) {
        this.route = route;
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    @PostMapping("/json/reports")
    ResponseEntity<String> report(HttpServletRequest request) throws IOException {
        return handle(request, DocumentType.Report, null);
    }

    @PostMapping("/json/beds")
    ResponseEntity<String> beds(HttpServletRequest request) throws IOException {
        return handle(request, DocumentType.BedAvailability, null);
    }

    @PostMapping("/json/placements/{placementId}/confirmation")
    ResponseEntity<String> confirm(HttpServletRequest request, @PathVariable String placementId) throws IOException {
        return handle(request, DocumentType.PlacementConfirmation, placementId);
    }

    @PostMapping("/json/placements/{placementId}/decline")
    ResponseEntity<String> decline(HttpServletRequest request, @PathVariable String placementId) throws IOException {
        return handle(request, DocumentType.PlacementDecline, placementId);
    }

    private ResponseEntity<String> handle(HttpServletRequest http, DocumentType type, String placementId)
            throws IOException {
        PartnerRequest request = PartnerRequests.read(http, JsonRest.CHANNEL, type.name(), maxBodyBytes);
        JsonReply reply;
        try {
            reply = route.requestBodyAndHeader("direct:json-rest-in", request, "placementId", placementId, JsonReply.class);
        } catch (RuntimeException e) {
            // the route answers every refusal itself; this is the route failing to answer at all
            log.error("json-rest-in did not answer a {} request", type, e);
            reply = null;
        }
        if (reply == null) {
            return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "30").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"error\":\"the gateway could not process the message and did not store it: resend later\","
                            + "\"cause\":\"UNAVAILABLE\"}");
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(reply.status()).contentType(MediaType.APPLICATION_JSON);
        if (reply.status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, "30");
        }
        return response.body(reply.body());
    }
}
