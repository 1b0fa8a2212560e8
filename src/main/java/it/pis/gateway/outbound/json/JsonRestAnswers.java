package it.pis.gateway.outbound.json;

import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.outbound.DeliveryResult.Receipt;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;

import javax.net.ssl.SSLException;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a JSON REST receiver's answer means for the delivery (routes/json-rest-out.yaml):
 * <ul>
 * <li>2xx: ACKNOWLEDGED (200 for a resend the receiver recognised by its Idempotency-Key too);</li>
 * <li>408, 409, 421, 425, 429: FAILED, retried. 409 is what an Idempotency-Key receiver answers
 *     while the same key is still being processed (the gateway always resends the same bytes, so
 *     it cannot mean "another document with this key"); the others say "not now";</li>
 * <li>any other 4xx, and 3xx (redirects are not followed: a document goes only where the agreement
 *     says): REFUSED, never retried; staff may restart it once the cause is fixed;</li>
 * <li>5xx, or no answer at all (refused connection, TLS failure, timeout): FAILED, retried with the
 *     agreement's backoff, DEAD after the last attempt.</li>
 * </ul>
 * The receipt is the answer as received: status line, headers and body ({@code message/http}),
 * the body cut at {@code pis.outbound.json.max-receipt-bytes}.
 */
public final class JsonRestAnswers {

    /** The receipt's media type: an HTTP response message (RFC 9112 §10.1). */
    public static final String RECEIPT_TYPE = "message/http";
    private static final Set<Integer> TRY_AGAIN = Set.of(408, 409, 421, 425, 429);
    private static final int DETAIL_EXCERPT = 300;

    private final int maxReceiptBytes;
    private final long connectTimeoutMillis;
    private final long responseTimeoutMillis;

    public JsonRestAnswers(int maxReceiptBytes, long connectTimeoutMillis, long responseTimeoutMillis) {
        this.maxReceiptBytes = maxReceiptBytes;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.responseTimeoutMillis = responseTimeoutMillis;
    }

    /** The route's step after the receiver answered (any status). */
    public DeliveryResult answered(@ExchangeProperty("attempt") DeliveryAttempt attempt,
                                   @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                                   @Header(Exchange.HTTP_RESPONSE_TEXT) String reason,
                                   @Headers Map<String, Object> headers, @Body byte[] body) {
        if (status == null) {
            return new DeliveryResult.Failed(null, "no HTTP status from " + attempt.endpoint());
        }
        return result(status, reason, headers, body);
    }

    /** The receiver's answer as a delivery result; {@code headers} as Camel keeps them (repeated ones as lists). */
    public DeliveryResult result(int status, String reason, Map<String, ?> headers, byte[] body) {
        byte[] content = body == null ? new byte[0] : body;
        boolean cut = content.length > maxReceiptBytes;
        String statusLine = status + (reason == null || reason.isBlank() ? "" : " " + reason.strip());
        Receipt receipt = new Receipt("HTTP " + status + (cut ? ", body cut at " + maxReceiptBytes + " bytes" : ""),
                RECEIPT_TYPE, message(statusLine, headers, cut ? Arrays.copyOf(content, maxReceiptBytes) : content));
        String detail = "HTTP " + statusLine;
        if (status >= 200 && status < 300) {
            return new DeliveryResult.Acknowledged(receipt, detail);
        }
        detail = detail + retryAfter(headers) + excerpt(content);
        if (status >= 500 || status < 200 || TRY_AGAIN.contains(status)) {
            return new DeliveryResult.Failed(receipt, detail);
        }
        if (status < 400) {
            Object location = header(headers, "Location");
            return new DeliveryResult.Refused(receipt, detail + ": redirected" + (location == null ? "" : " to "
                    + location) + ", not followed: a document goes only to the agreement's endpoint (outbound.endpoint,"
                    + " or pis.outbound.endpoints.<agreement>)");
        }
        return new DeliveryResult.Refused(receipt, detail);
    }

    /** The route's step for an endpoint that is not https (an override, say): nothing is sent in clear. */
    public DeliveryResult notHttps(@ExchangeProperty("attempt") DeliveryAttempt attempt) {
        return new DeliveryResult.Failed(null, "not sent: endpoint " + attempt.endpoint() + " is not https, and"
                + " json-rest deliveries go over TLS only (fix outbound.endpoint or pis.outbound.endpoints."
                + attempt.partnerId() + ")");
    }

    /** The route's step when no answer came: the cause in words, naming the setting when it is a timeout. */
    public DeliveryResult unanswered(@ExchangeProperty("attempt") DeliveryAttempt attempt,
                                     @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        return new DeliveryResult.Failed(null, "no answer from " + attempt.endpoint() + ": " + describe(cause));
    }

    String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof SocketTimeoutException || root instanceof SSLException) {
                break;
            }
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root.getClass().getSimpleName().equals("ConnectTimeoutException")) {
            return "could not connect within " + connectTimeoutMillis + " ms (pis.outbound.json.connect-timeout): " + message;
        }
        if (root instanceof SocketTimeoutException) {
            return "no response within " + responseTimeoutMillis + " ms (pis.outbound.json.response-timeout); the"
                    + " receiver may have the document, and recognises the resend by its Idempotency-Key";
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return "connection refused or unreachable: " + message;
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (root instanceof SSLException) {
            return "TLS failed: " + message + " (the receiver's certificate must chain to a CA of pis.tls.trusted-cas"
                    + " or the JDK, match its host name, and the receiver must accept the gateway's client certificate)";
        }
        return root.getClass().getSimpleName() + ": " + message;
    }

    /** Status line, headers, blank line, body: the HTTP response as received (header names as the receiver sent them). */
    private static byte[] message(String statusLine, Map<String, ?> headers, byte[] body) {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(statusLine).append("\r\n");
        headers.forEach((name, value) -> {
            if (name.startsWith("Camel") || name.startsWith("camel") || value == null) {
                return;
            }
            for (Object one : value instanceof Collection<?> many ? many : List.of(value)) {
                head.append(name).append(": ").append(one).append("\r\n");
            }
        });
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static Object header(Map<String, ?> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static String retryAfter(Map<String, ?> headers) {
        Object value = header(headers, "Retry-After");
        return value == null ? "" : " (Retry-After: " + value + ")";
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, DETAIL_EXCERPT * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > DETAIL_EXCERPT ? text.substring(0, DETAIL_EXCERPT) + "…" : text);
    }
}
