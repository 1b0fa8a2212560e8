package it.pis.gateway.receivers;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.DevCertificates.Issued;
import it.pis.gateway.crypto.Pem;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CSM/SerD FHIR server as the gateway meets it, for tests and the demo: HTTPS on
 * {@code https://localhost:<port>/fhir} with a server certificate from the development CA and a
 * client certificate required (mutual TLS). On {@code POST /fhir/Bundle} it checks, with its own
 * code (nimbus, the JDK's PKIX validator, HAPI) and never the gateway's:
 * <ol>
 * <li>the ModI INTEGRITY_REST_01 headers: {@code Digest} is the SHA-256 of the body as received;
 *     the {@code Agid-JWT-Signature} JWS verifies with the certificate in its {@code x5c}, which
 *     chains to the dev CA and is the very certificate the client showed in TLS; {@code iat},
 *     {@code nbf}, {@code exp} hold now; {@code aud} is this URL; {@code signed_headers} holds the
 *     digest and the content type as sent; the {@code jti} was never seen before (else 409);</li>
 * <li>the body: a FHIR R4 document Bundle that HAPI's strict parser reads.</li>
 * </ol>
 * A request failing these gets 403 (signature) or 400 (body) and is listed in {@link #problems()}.
 * A good one is answered by the {@link Mode}: 201 Created (200 when that Bundle.identifier is
 * stored already, as a conditional create would), 503 with Retry-After, or 422 with an
 * OperationOutcome. Counts Bundles by identifier and keeps every body as received.
 */
public final class FhirReceiver implements AutoCloseable {

    /** How a well-formed, well-signed Bundle is answered. */
    public enum Mode { ACCEPT, UNAVAILABLE, REFUSE }

    /** One request as received: the Bundle identifier (null if unreadable), the status answered, why if refused. */
    public record Received(String identifier, int status, String problem, String jti, Map<String, String> headers,
                           byte[] body, X509Certificate clientCertificate) {
    }

    private static final FhirContext FHIR = FhirContext.forR4();
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final Path certs;
    private final int requestedPort;
    private final boolean requireSignature;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final Set<String> seenJti = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Mode> nextModes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RawAnswer> nextRaw = new ConcurrentLinkedQueue<>();
    private volatile Mode mode = Mode.ACCEPT;
    private volatile Duration delay = Duration.ZERO;
    private X509Certificate ca;
    private HttpsServer server;
    private ExecutorService threads;

    private record RawAnswer(int status, Map<String, String> headers, String body) {
    }

    /**
     * @param certs            a development PKI folder (dev-ca.crt and dev-ca.key, as {@link DevCertificates} makes
     *                         it; made there if missing): the server's certificate is issued by that CA, and
     *                         client certificates and JWS signers must chain to it
     * @param port             0 for any free port
     * @param requireSignature whether requests without ModI headers are refused (agreements with {@code sign: jws})
     */
    public FhirReceiver(Path certs, int port, boolean requireSignature) {
        this.certs = certs;
        this.requestedPort = port;
        this.requireSignature = requireSignature;
    }

    public FhirReceiver(Path certs) {
        this(certs, 0, true);
    }

    /** Listens; makes the development PKI in {@code certs} first if it is not there yet (as the gateway would). */
    public synchronized FhirReceiver start() {
        if (server != null) {
            return this;
        }
        try {
            DevCertificates.ensure(certs, List.of());
            ca = Pem.readCertificate(certs.resolve(DevCertificates.CA + ".crt"));
            Issued issuer = new Issued(ca, Pem.readPrivateKey(certs.resolve(DevCertificates.CA + ".key")), null);
            Issued tls = DevCertificates.issue(issuer, "localhost", Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(30)), true);
            SSLContext context = serverContext(tls, ca);
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", requestedPort), 50);
            server.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = context.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(true);
                    params.setSSLParameters(parameters);
                }
            });
            server.createContext("/fhir", this::handle);
            threads = Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "fhir-receiver");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(threads);
            server.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("the FHIR receiver cannot listen on port " + requestedPort, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the FHIR receiver cannot set up TLS from " + certs, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The FHIR base to put in an agreement's outbound.endpoint. */
    public String base() {
        return "https://localhost:" + port() + "/fhir";
    }

    public FhirReceiver mode(Mode mode) {
        this.mode = mode;
        nextModes.clear();
        nextRaw.clear();
        return this;
    }

    /** The next requests are answered by these modes, one each, then by {@link #mode(Mode)} again. */
    public void nextAnswers(Mode... modes) {
        nextModes.addAll(List.of(modes));
    }

    /** The next request gets exactly this answer (after its checks), e.g. a 301 or a 429. */
    public void nextAnswer(int status, Map<String, String> headers, String body) {
        nextRaw.add(new RawAnswer(status, headers, body));
    }

    /** Waits this long before answering (for timeout tests). */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** How many requests carried each Bundle.identifier (all answers, resends included). */
    public Map<String, Integer> counts() {
        Map<String, Integer> copy = new LinkedHashMap<>();
        counts.forEach((id, n) -> copy.put(id, n.get()));
        return copy;
    }

    /** The identifiers answered 2xx. */
    public Set<String> stored() {
        return Set.copyOf(stored.keySet());
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The raw bodies, in the order received. */
    public List<byte[]> bodies() {
        return received.stream().map(Received::body).toList();
    }

    /** The refusals for a bad signature or body: empty when the gateway did everything right. */
    public List<String> problems() {
        return received.stream().filter(r -> r.problem() != null).map(Received::problem).toList();
    }

    public void reset() {
        received.clear();
        counts.clear();
        stored.clear();
        mode(Mode.ACCEPT);
        delay = Duration.ZERO;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    String.join(",", values)));
            X509Certificate client = clientCertificate(exchange);
            if (!"POST".equals(exchange.getRequestMethod()) || !"/fhir/Bundle".equals(exchange.getRequestURI().getPath())) {
                answer(exchange, 404, Map.of(), outcome("error", "not-found", exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + ": this receiver takes POST /fhir/Bundle only"));
                return;
            }
            String jti = null;
            String problem = null;
            int status = 0;
            try {
                jti = checkSignature(headers, body, client);
            } catch (Refusal refusal) {
                problem = refusal.getMessage();
                status = refusal.status;
            }
            String identifier = null;
            try {
                identifier = identifier(body);
            } catch (Refusal refusal) {
                if (problem == null) {
                    problem = refusal.getMessage();
                    status = refusal.status;
                }
            }
            if (identifier != null) {
                counts.computeIfAbsent(identifier, id -> new AtomicInteger()).incrementAndGet();
            }
            pause();
            RawAnswer answer = problem != null
                    ? new RawAnswer(status, Map.of(), outcome("error", status == 409 ? "duplicate"
                    : status == 400 ? "invalid" : "security", problem))
                    : respond(identifier);
            received.add(new Received(identifier, answer.status(), problem, jti, headers, body, client));
            try {
                answer(exchange, answer.status(), answer.headers(), answer.body());
            } catch (IOException clientGone) {
                // the gateway gave up waiting (timeout test): the request is recorded all the same
            }
        }
    }

    private RawAnswer respond(String identifier) {
        RawAnswer raw = nextRaw.poll();
        if (raw != null) {
            return raw;
        }
        Mode now = nextModes.poll();
        switch (now == null ? mode : now) {
            case UNAVAILABLE -> {
                return new RawAnswer(503, Map.of("Retry-After", "1"), outcome("error", "transient",
                        "the FHIR server is in maintenance, try again later"));
            }
            case REFUSE -> {
                return new RawAnswer(422, Map.of(), outcome("error", "processing",
                        "Bundle " + identifier + " refused: the patient is not known to this service"));
            }
            default -> {
                String earlier = stored.putIfAbsent(identifier, "Bundle/" + (stored.size() + 1));
                String location = base() + "/" + stored.get(identifier) + "/_history/1";
                return new RawAnswer(earlier == null ? 201 : 200, Map.of("Location", location),
                        outcome("information", "informational", (earlier == null ? "stored " : "already stored ") + identifier));
            }
        }
    }

    /** ModI INTEGRITY_REST_01, checked independently; returns the jti. */
    private String checkSignature(Map<String, String> headers, byte[] body, X509Certificate client) throws Refusal {
        String digest = headers.get("digest");
        String compact = headers.get("agid-jwt-signature");
        if (digest == null && compact == null && !requireSignature) {
            return null;
        }
        if (digest == null || compact == null) {
            throw new Refusal(403, "ModI INTEGRITY_REST_01: Digest and Agid-JWT-Signature are both required");
        }
        String expected = "SHA-256=" + Base64.getEncoder().encodeToString(sha256(body));
        if (!expected.equals(digest)) {
            throw new Refusal(403, "Digest " + digest + " is not the SHA-256 of the body received (" + expected + ")");
        }
        try {
            SignedJWT jws = SignedJWT.parse(compact);
            if (jws.getHeader().getX509CertChain() == null || jws.getHeader().getX509CertChain().isEmpty()) {
                throw new Refusal(403, "the JWS has no x5c");
            }
            X509Certificate signer = X509CertUtils.parse(jws.getHeader().getX509CertChain().get(0).decode());
            chainsToCa(signer);
            if (client != null && !signer.equals(client)) {
                throw new Refusal(403, "the JWS signer " + signer.getSubjectX500Principal()
                        + " is not the TLS client " + client.getSubjectX500Principal());
            }
            if (!jws.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jws.getHeader(), signer.getPublicKey()))) {
                throw new Refusal(403, "the JWS signature does not verify with its x5c certificate");
            }
            JWTClaimsSet claims = jws.getJWTClaimsSet();
            checkTimes(claims);
            String url = base() + "/Bundle";
            if (claims.getAudience() == null || !claims.getAudience().contains(url)) {
                throw new Refusal(403, "aud " + claims.getAudience() + " is not this endpoint " + url);
            }
            checkSignedHeaders(claims, headers, digest);
            String jti = claims.getJWTID();
            if (jti == null || !seenJti.add(jti)) {
                throw new Refusal(409, "jti " + jti + " missing or seen before: every request must be signed anew");
            }
            return jti;
        } catch (ParseException e) {
            throw new Refusal(403, "Agid-JWT-Signature is not a signed JWT: " + e.getMessage());
        } catch (JOSEException e) {
            throw new Refusal(403, "the JWS cannot be verified: " + e.getMessage());
        }
    }

    private static void checkTimes(JWTClaimsSet claims) throws Refusal {
        Date now = new Date();
        if (claims.getIssueTime() == null || claims.getExpirationTime() == null) {
            throw new Refusal(403, "iat and exp are required");
        }
        if (claims.getIssueTime().toInstant().isAfter(now.toInstant().plus(CLOCK_SKEW))) {
            throw new Refusal(403, "iat " + claims.getIssueTime().toInstant() + " is in the future");
        }
        if (claims.getExpirationTime().toInstant().isBefore(now.toInstant().minus(CLOCK_SKEW))) {
            throw new Refusal(403, "the JWS expired at " + claims.getExpirationTime().toInstant());
        }
        if (claims.getNotBeforeTime() != null && claims.getNotBeforeTime().toInstant().isAfter(now.toInstant().plus(CLOCK_SKEW))) {
            throw new Refusal(403, "the JWS is not valid before " + claims.getNotBeforeTime().toInstant());
        }
    }

    private static void checkSignedHeaders(JWTClaimsSet claims, Map<String, String> headers, String digest) throws Refusal {
        Object signed = claims.getClaim("signed_headers");
        if (!(signed instanceof List<?> list)) {
            throw new Refusal(403, "signed_headers is missing");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Object item : list) {
            if (item instanceof Map<?, ?> map) {
                map.forEach((k, v) -> values.put(String.valueOf(k).toLowerCase(Locale.ROOT), String.valueOf(v)));
            }
        }
        if (!digest.equals(values.get("digest"))) {
            throw new Refusal(403, "signed_headers does not hold the Digest sent");
        }
        if (!String.valueOf(headers.get("content-type")).equals(values.get("content-type"))) {
            throw new Refusal(403, "signed_headers content-type " + values.get("content-type")
                    + " is not the Content-Type sent " + headers.get("content-type"));
        }
    }

    private void chainsToCa(X509Certificate signer) throws Refusal {
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(List.of(signer)), parameters);
        } catch (GeneralSecurityException e) {
            throw new Refusal(403, "the x5c certificate " + signer.getSubjectX500Principal()
                    + " does not chain to the development CA: " + e.getMessage());
        }
    }

    /** The Bundle.identifier of a document Bundle that HAPI's strict parser reads. */
    private static String identifier(byte[] body) throws Refusal {
        try {
            Bundle bundle = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                    .parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8));
            if (bundle.getType() != Bundle.BundleType.DOCUMENT || !bundle.getIdentifier().hasValue()) {
                throw new Refusal(400, "not a document Bundle with an identifier");
            }
            return bundle.getIdentifier().getValue();
        } catch (DataFormatException e) {
            throw new Refusal(400, "HAPI cannot parse the Bundle strictly: " + e.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static X509Certificate clientCertificate(HttpExchange exchange) {
        try {
            return (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static String outcome(String severity, String code, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.fromCode(severity))
                .setCode(OperationOutcome.IssueType.fromCode(code)).setDiagnostics(diagnostics);
        return FHIR.newJsonParser().encodeResourceToString(outcome);
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/fhir+json;charset=utf-8");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static SSLContext serverContext(Issued tls, X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(DevCertificates.pkcs12("receiver", tls), DevCertificates.DEV_PASSWORD.toCharArray());
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("dev-ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A refused request: the status to answer and why. */
    private static final class Refusal extends Exception {
        private final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
