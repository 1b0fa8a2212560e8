package it.pis.gateway.outbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.outbound.DeliveryResult.Receipt;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.http.HttpStatus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a partner's answer to a FHIR POST means for the delivery, with the answer kept as evidence:
 * <ul>
 * <li>2xx: ACKNOWLEDGED, the partner stored the document;</li>
 * <li>408 and 429: failed, retried (the partner asks to try later);</li>
 * <li>any other 4xx: REFUSED, the partner said no for good (never retried; staff can retry after a fix);</li>
 * <li>5xx, 1xx, 3xx (redirects are never followed) and no answer at all: failed, retried.</li>
 * </ul>
 * The receipt is the whole answer as {@code message/http} (status line, headers, body). The detail
 * names the status and what the partner said (its OperationOutcome's issues).
 */
public class FhirRestResults {

    static final String RECEIPT_TYPE = "message/http";
    private static final int MAX_DETAIL = 600;

    private final FhirContext fhir;

    public FhirRestResults(FhirContext fhir) {
        this.fhir = fhir;
    }

    public DeliveryResult answered(HttpAnswer answer) {
        int status = answer.status();
        Receipt receipt = receipt(answer);
        String said = said(answer);
        String head = "HTTP " + status + reason(status) + " from " + answer.url();
        if (status >= 200 && status < 300) {
            String location = answer.header("Location");
            return new DeliveryResult.Acknowledged(receipt, head + (location == null ? "" : " (Location " + location + ")")
                    + said);
        }
        if (status == 408 || status == 429) {
            return new DeliveryResult.Failed(receipt, head + said + retryAfter(answer) + "; the partner asks to try later");
        }
        if (status >= 400 && status < 500) {
            return new DeliveryResult.Refused(receipt, head + said);
        }
        if (status >= 300 && status < 400) {
            String location = answer.header("Location");
            return new DeliveryResult.Failed(receipt, head + ": redirect" + (location == null ? "" : " to " + location)
                    + " not followed (deliveries go only to the agreement's outbound.endpoint; if the partner moved,"
                    + " correct it there)");
        }
        return new DeliveryResult.Failed(receipt, head + said + retryAfter(answer));
    }

    /** No HTTP answer at all: a failed attempt, its cause in words, no receipt. */
    public DeliveryResult unreachable(Exception cause) {
        return new DeliveryResult.Failed(null, cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }

    /** The answer as an HTTP message (RFC 9112 §2.1; media type message/http). */
    static Receipt receipt(HttpAnswer answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(answer.version()).append(' ').append(answer.status())
                .append(reason(answer.status())).append("\r\n");
        answer.headers().entrySet().stream().filter(e -> !e.getKey().startsWith(":"))
                .sorted(Map.Entry.comparingByKey(String.CASE_INSENSITIVE_ORDER))
                .forEach(e -> e.getValue().forEach(v -> head.append(e.getKey()).append(": ").append(v).append("\r\n")));
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(answer.body());
        return new Receipt("HTTP " + answer.status(), RECEIPT_TYPE, out.toByteArray());
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "" : " " + known.getReasonPhrase();
    }

    private static String retryAfter(HttpAnswer answer) {
        String after = answer.header("Retry-After");
        return after == null ? "" : " (Retry-After " + after + ")";
    }

    /** ": <issues of the OperationOutcome>", or what else the body is, or nothing. */
    private String said(HttpAnswer answer) {
        if (answer.body().length == 0) {
            return "";
        }
        String type = String.valueOf(answer.header("Content-Type")).toLowerCase(Locale.ROOT);
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        IBaseResource resource = parse(type, text);
        String said;
        if (resource instanceof OperationOutcome outcome) {
            said = issues(outcome.getIssue());
        } else if (resource != null) {
            said = "a " + resource.fhirType() + (resource.getIdElement().hasIdPart() ? " " + resource.getIdElement().getIdPart() : "");
        } else {
            said = text.replaceAll("\\s+", " ").strip();
        }
        if (said.isEmpty()) {
            return "";
        }
        return ": " + (said.length() > MAX_DETAIL ? said.substring(0, MAX_DETAIL) + "…" : said)
                + (answer.truncated() ? " (answer cut at pis.outbound.fhir.max-receipt-bytes)" : "");
    }

    private IBaseResource parse(String contentType, String text) {
        IParser parser;
        if (contentType.contains("json")) {
            parser = fhir.newJsonParser();
        } else if (contentType.contains("xml")) {
            parser = fhir.newXmlParser();
        } else {
            return null;
        }
        try {
            return parser.setParserErrorHandler(new LenientErrorHandler(false)).parseResource(text);
        } catch (DataFormatException | IllegalArgumentException | IllegalStateException notFhir) {
            return null;
        }
    }

    private static String issues(List<OperationOutcome.OperationOutcomeIssueComponent> issues) {
        return issues.stream().map(issue -> {
            String what = issue.hasDiagnostics() ? issue.getDiagnostics()
                    : issue.getDetails().hasText() ? issue.getDetails().getText()
                    : issue.getDetails().getCodingFirstRep().getDisplay();
            return (issue.hasSeverity() ? issue.getSeverity().toCode() + " " : "")
                    + (issue.hasCode() ? issue.getCode().toCode() : "") + (what == null ? "" : ": " + what);
        }).collect(Collectors.joining("; "));
    }
}
