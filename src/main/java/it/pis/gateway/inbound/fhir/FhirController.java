package it.pis.gateway.inbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import it.pis.gateway.agreement.Channels;
import it.pis.gateway.inbound.PartnerRequest;
import it.pis.gateway.inbound.PartnerRequests;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The FHIR base {@code https://<host>:8443/fhir} (partner port only, see PartnerPortFilter), kept
 * thin: it reads the request as received and hands it to routes/fhir-rest-in.yaml, then writes
 * back what the route answered, in the format the partner used (XML when it posted XML or asks
 * for it, JSON otherwise).
 */
@RestController
@RequestMapping("/fhir")
class FhirController {

    /** What the channel can take at all; each agreement's {@code accept} narrows it. */
    static final List<String> RESOURCE_TYPES = List.of("Bundle", "ServiceRequest", "Communication", "Task");

    private final ProducerTemplate camel;
    private final FhirContext fhir;
    private final int maxBodyBytes;

    FhirController(ProducerTemplate camel, FhirContext fhir, FhirChannelSettings settings) {
        this.camel = camel;
        this.fhir = fhir;
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    @GetMapping("/metadata")
    ResponseEntity<byte[]> metadata(HttpServletRequest request) {
        return write(request, new FhirAnswer(200, java.util.Map.of(),
                FhirAnswers.capabilityStatement(base(request), RESOURCE_TYPES)));
    }

    @PostMapping({"", "/"})
    ResponseEntity<byte[]> transaction(HttpServletRequest request) throws IOException {
        return handle(request, "");
    }

    @PostMapping("/{operation}")
    ResponseEntity<byte[]> post(HttpServletRequest request, @PathVariable String operation) throws IOException {
        return handle(request, operation);
    }

    /** Anything else under the base: an OperationOutcome, not the servlet's error page. */
    @RequestMapping("/**")
    ResponseEntity<byte[]> other(HttpServletRequest request) {
        boolean known = request.getRequestURI().matches("/fhir(/[A-Za-z$-]+)?/?");
        return write(request, FhirAnswers.notServed(known ? 405 : 404, request.getMethod() + " "
                + request.getRequestURI() + " is not served: the gateway takes POST [base] (transaction, batch),"
                + " POST [base]/$process-message, POST [base]/[type] and GET [base]/metadata"));
    }

    private ResponseEntity<byte[]> handle(HttpServletRequest http, String operation) throws IOException {
        PartnerRequest request = PartnerRequests.read(http, Channels.FHIR_REST, operation, maxBodyBytes);
        FhirAnswer answer;
        try {
            answer = camel.requestBody("direct:fhir-rest-in", request, FhirAnswer.class);
        } catch (RuntimeException e) {
            answer = new FhirAnswer(503, java.util.Map.of("Retry-After", "5"), FhirAnswers.outcome(
                    org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR,
                    org.hl7.fhir.r4.model.OperationOutcome.IssueType.TRANSIENT,
                    "the message was NOT stored, please resend: " + e.getMessage()));
        }
        return write(http, answer);
    }

    private ResponseEntity<byte[]> write(HttpServletRequest request, FhirAnswer answer) {
        boolean xml = wantsXml(request);
        IParser parser = (xml ? fhir.newXmlParser() : fhir.newJsonParser()).setPrettyPrint(false);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, (xml ? "application/fhir+xml" : "application/fhir+json") + ";charset=UTF-8");
        answer.headers().forEach((name, value) -> headers.set(name,
                name.equals("Location") ? base(request) + "/" + value : value));
        byte[] body = parser.encodeResourceToString(answer.resource()).getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.status(answer.status()).headers(headers).body(body);
    }

    private static boolean wantsXml(HttpServletRequest request) {
        String format = request.getParameter("_format");
        if (format != null) {
            return format.toLowerCase(Locale.ROOT).contains("xml");
        }
        String accept = request.getHeader("Accept");
        if (accept != null && accept.contains("fhir+xml") && !accept.contains("fhir+json")) {
            return true;
        }
        return "POST".equals(request.getMethod()) && FhirIntake.isXml(request.getContentType())
                && (accept == null || !accept.contains("json"));
    }

    private static String base(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return request.getScheme() + "://" + (host == null ? request.getServerName() + ":" + request.getServerPort() : host)
                + "/fhir";
    }
}
