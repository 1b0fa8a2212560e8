package it.pis.gateway.outbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import it.pis.gateway.outbound.DeliveryResult;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a partner's answer means, for answers a test server does not easily make: XML, HTML, cut bodies, no body. */
class FhirRestResultsTest {

    static final FhirRestResults RESULTS = new FhirRestResults(FhirContext.forR4());
    static final URI URL = URI.create("https://fhir.csm-nord.example/fhir/Bundle");

    static HttpAnswer answer(int status, String contentType, String body, boolean truncated) {
        return new HttpAnswer(URL, "HTTP/1.1", status, contentType == null ? Map.of()
                : Map.of("content-type", List.of(contentType)), body.getBytes(StandardCharsets.UTF_8), truncated, "jti-1");
    }

    @Test
    void anXmlOperationOutcomeIsReadForTheDetail() {
        DeliveryResult result = RESULTS.answered(answer(400, "application/fhir+xml", """
                <OperationOutcome xmlns="http://hl7.org/fhir"><issue><severity value="error"/><code value="invalid"/>
                <details><text value="Bundle.type must be document"/></details></issue></OperationOutcome>""", false));

        assertThat(result).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(result.detail()).isEqualTo("HTTP 400 Bad Request from " + URL + ": error invalid: Bundle.type must be document");
    }

    @Test
    void aProxysHtmlPageIsQuotedShortAndACutAnswerSaysSo() {
        String page = "<html><body><h1>502 Bad Gateway</h1>" + "x".repeat(2000) + "</body></html>";

        DeliveryResult result = RESULTS.answered(answer(502, "text/html", page, true));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).startsWith("HTTP 502 Bad Gateway from " + URL + ": <html><body><h1>502 Bad Gateway</h1>")
                .endsWith("… (answer cut at pis.outbound.fhir.max-receipt-bytes)");
        assertThat(result.detail().length()).isLessThan(800);
    }

    @Test
    void aCreatedResourceInsteadOfAnOutcomeIsNamedAndAnEmptyAnswerIsJustItsStatus() {
        DeliveryResult created = RESULTS.answered(answer(201, "application/fhir+json",
                "{\"resourceType\":\"Bundle\",\"id\":\"b-77\",\"type\":\"document\"}", false));
        DeliveryResult empty = RESULTS.answered(answer(204, null, "", false));

        assertThat(created).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(created.detail()).isEqualTo("HTTP 201 Created from " + URL + ": a Bundle b-77");
        assertThat(empty.detail()).isEqualTo("HTTP 204 No Content from " + URL);
        assertThat(new String(empty.receipt().content(), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 204 No Content\r\n\r\n");
    }

    @Test
    void aRedirectWithoutLocationAndAnUnknownStatusAreFailedAttempts() {
        assertThat(RESULTS.answered(answer(308, null, "", false)).detail())
                .isEqualTo("HTTP 308 Permanent Redirect from " + URL + ": redirect not followed (deliveries go only to"
                        + " the agreement's outbound.endpoint; if the partner moved, correct it there)");
        DeliveryResult odd = RESULTS.answered(answer(599, null, "", false));
        assertThat(odd).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(odd.detail()).isEqualTo("HTTP 599 from " + URL);
    }

    @Test
    void noAnswerIsAFailedAttemptWithItsCauseAndNoReceipt() {
        DeliveryResult result = RESULTS.unreachable(new FhirRestUnreachable("cannot connect to " + URL + ": connection refused"));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.receipt()).isNull();
        assertThat(result.detail()).isEqualTo("cannot connect to " + URL + ": connection refused");
    }
}
