package it.pis.gateway.outbound.fhir;

import it.pis.gateway.crypto.ModiRestSigner;
import it.pis.gateway.crypto.OutboundTls;
import it.pis.gateway.outbound.DeliveryAttempt;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs a journaled FHIR document to the partner: {@code <FHIR base>/Bundle}, the bytes exactly as
 * rendered, over mutual TLS with the gateway's certificate ({@link OutboundTls}), and, when the
 * agreement says {@code sign: jws}, ModI INTEGRITY_REST_01 headers signed for this attempt only
 * (new {@code jti}, new {@code iat}). Redirects are never followed: the document goes only where
 * the agreement says. {@code If-None-Exist} names the Bundle's identifier (unless
 * {@code pis.outbound.fhir.conditional-create} is off), so that a server that supports conditional
 * create keeps one copy however often a timeout makes the gateway resend.
 *
 * <p>java.net.http rather than camel-http: the gateway's SSLContext is used as it is, the receipt
 * must be the partner's own headers (camel-http mixes them into the exchange headers), one
 * deadline covers the whole answer including its body, and the body is read only up to a limit.
 */
public class FhirRestClient {

    static final String ACCEPT = "application/fhir+json";

    private final HttpClient http;
    private final ModiRestSigner signer;
    private final FhirRestSettings settings;

    public FhirRestClient(OutboundTls tls, ModiRestSigner signer, FhirRestSettings settings) {
        this.signer = signer;
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .sslContext(tls.sslContext())
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * One attempt: the partner's answer, whatever its status.
     *
     * @throws FhirRestUnreachable no HTTP answer (connection refused, TLS failure, timeout), naming why
     */
    public HttpAnswer post(DeliveryAttempt attempt) throws FhirRestUnreachable, InterruptedException {
        URI url = bundleUrl(attempt.endpoint());
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(settings.responseTimeout())
                .header("Content-Type", attempt.contentType())
                .header("Accept", ACCEPT)
                .header("Prefer", "return=OperationOutcome")
                .POST(HttpRequest.BodyPublishers.ofByteArray(attempt.content()));
        if (settings.conditionalCreate()) {
            request.header("If-None-Exist", "identifier=" + DocumentCodes.RFC_3986 + "|" + attempt.messageId());
        }
        String jti = null;
        if (attempt.recipient() != null && attempt.recipient().outbound() != null
                && "jws".equals(attempt.recipient().outbound().sign())) {
            ModiRestSigner.Signed signed = signer.sign(attempt.content(), attempt.contentType(), url.toString());
            signed.headers().forEach(request::header);
            jti = signed.jti();
        }
        CompletableFuture<HttpResponse<LimitedBody.Body>> sending = http.sendAsync(request.build(),
                info -> new LimitedBody(settings.maxReceiptBytes()));
        try {
            HttpResponse<LimitedBody.Body> response = sending.get(settings.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new HttpAnswer(url, response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1",
                    response.statusCode(), response.headers().map(), response.body().bytes(), response.body().truncated(),
                    jti);
        } catch (TimeoutException e) {
            sending.cancel(true);
            throw new FhirRestUnreachable("no complete answer from " + url + " within " + settings.responseTimeout()
                    + " (pis.outbound.fhir.response-timeout)");
        } catch (ExecutionException e) {
            throw new FhirRestUnreachable(why(url, e.getCause()));
        } catch (InterruptedException e) {
            sending.cancel(true);
            throw e;
        }
    }

    /** {@code <FHIR base>/Bundle}: where document Bundles are created (FHIR R4 RESTful create). */
    static URI bundleUrl(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("no endpoint: the agreement's outbound.endpoint (the FHIR base) is empty");
        }
        try {
            URI base = new URI(endpoint.strip());
            if (!"https".equals(base.getScheme() == null ? null : base.getScheme().toLowerCase(Locale.ROOT))
                    || base.getHost() == null) {
                throw new IllegalArgumentException("endpoint " + endpoint + " is not an https:// FHIR base: fhir-rest"
                        + " delivers over mutual TLS only");
            }
            if (base.getRawQuery() != null || base.getRawFragment() != null) {
                throw new IllegalArgumentException("endpoint " + endpoint + " has a query or fragment: give the FHIR base");
            }
            String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
            return new URI(base.getScheme() + "://" + base.getRawAuthority() + path + "/Bundle");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint " + endpoint + " is not a URL: " + e.getMessage(), e);
        }
    }

    private String why(URI url, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "could not connect to " + url + " within " + settings.connectTimeout()
                    + " (pis.outbound.fhir.connect-timeout)";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer from " + url + " within " + settings.responseTimeout() + " (pis.outbound.fhir.response-timeout)";
        }
        SSLException tls = find(cause, SSLException.class);
        if (tls != null) {
            return "TLS with " + url + " failed: " + tls.getMessage() + " (the partner's certificate must chain to"
                    + " pis.tls.trusted-cas and name its host; the partner must accept the gateway's client certificate)";
        }
        ConnectException refused = find(cause, ConnectException.class);
        if (refused != null) {
            return "cannot connect to " + url + ": connection refused"
                    + (refused.getMessage() == null ? "" : " (" + refused.getMessage() + ")");
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (cause instanceof IOException) {
            return "the exchange with " + url + " broke off: " + describe(cause)
                    + (root == cause ? "" : " (" + describe(root) + ")");
        }
        return "the request to " + url + " failed: " + describe(cause);
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
