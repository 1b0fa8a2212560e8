package it.pis.gateway.outbound.json;

import it.pis.gateway.outbound.DeliveryResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP status → delivery result, and the receipt kept as evidence, without Camel. */
class JsonRestAnswersTest {

    static final JsonRestAnswers ANSWERS = new JsonRestAnswers(64, 10_000, 60_000);

    static Map<String, Object> headers(Object... pairs) {
        Map<String, Object> headers = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put((String) pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204})
    void twoHundredsAreAcknowledged(int status) {
        assertThat(ANSWERS.result(status, "OK", headers(), null)).isInstanceOf(DeliveryResult.Acknowledged.class);
    }

    @Test
    void theReceiptIsTheResponseAsReceivedWithoutCamelHeaders() {
        DeliveryResult result = ANSWERS.result(201, "Created", headers("Content-Type", "application/json",
                "Set-Cookie", List.of("a=1", "b=2"), "CamelHttpResponseCode", 201), utf8("{\"id\":\"R-1\"}"));

        assertThat(result.detail()).isEqualTo("HTTP 201 Created");
        assertThat(result.receipt().kind()).isEqualTo("HTTP 201");
        assertThat(result.receipt().contentType()).isEqualTo("message/http");
        assertThat(new String(result.receipt().content(), StandardCharsets.UTF_8)).isEqualTo(
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n"
                        + "{\"id\":\"R-1\"}");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409, 421, 425, 429, 500, 502, 503, 504})
    void notNowAndServerErrorsFailAndAreRetried(int status) {
        assertThat(ANSWERS.result(status, null, headers(), null)).isInstanceOf(DeliveryResult.Failed.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 410, 413, 415, 422})
    void otherClientErrorsAreRefusedForGood(int status) {
        assertThat(ANSWERS.result(status, null, headers(), null)).isInstanceOf(DeliveryResult.Refused.class);
    }

    @Test
    void aRefusalSaysWhyInTheReceiversWords() {
        DeliveryResult result = ANSWERS.result(422, "Unprocessable Content", headers(),
                utf8("{\"error\": \"/person/sex:\n  not one of M, F\"}"));

        assertThat(result).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(result.detail()).isEqualTo("HTTP 422 Unprocessable Content: {\"error\": \"/person/sex: not one of M, F\"}");
    }

    @Test
    void aTransientAnswerNamesItsRetryAfter() {
        DeliveryResult result = ANSWERS.result(503, "Service Unavailable", headers("Retry-After", "30"), null);
        assertThat(result.detail()).isEqualTo("HTTP 503 Service Unavailable (Retry-After: 30)");
    }

    @Test
    void aRedirectIsRefusedAndNotFollowedNamingWhereItPointed() {
        DeliveryResult result = ANSWERS.result(301, "Moved Permanently",
                headers("Location", "https://elsewhere.example/pis"), null);

        assertThat(result).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(result.detail()).contains("redirected to https://elsewhere.example/pis, not followed")
                .contains("outbound.endpoint");
    }

    @Test
    void aLongBodyIsCutInTheReceiptAndTheReceiptSaysSo() {
        DeliveryResult result = ANSWERS.result(500, "Internal Server Error", headers(), utf8("x".repeat(1000)));

        assertThat(result.receipt().kind()).isEqualTo("HTTP 500, body cut at 64 bytes");
        assertThat(new String(result.receipt().content(), StandardCharsets.UTF_8))
                .endsWith("\r\n\r\n" + "x".repeat(64));
    }

    @Test
    void noAnswerIsDescribedByItsCauseNamingTheTimeoutSetting() {
        assertThat(ANSWERS.describe(new RuntimeException("wrapped", new SocketTimeoutException("Read timed out"))))
                .startsWith("no response within 60000 ms (pis.outbound.json.response-timeout)");
        assertThat(ANSWERS.describe(new ConnectException("Connection refused")))
                .isEqualTo("connection refused or unreachable: Connection refused");
        assertThat(ANSWERS.describe(new SSLHandshakeException("PKIX path building failed")))
                .startsWith("TLS failed: PKIX path building failed").contains("pis.tls.trusted-cas");
    }
}
