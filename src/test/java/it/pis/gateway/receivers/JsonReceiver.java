package it.pis.gateway.receivers;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.outbound.JsonWire;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A JSON REST partner receiving handovers or placement requests, as a shelter or anti-violence
 * centre would run it: HTTPS (JDK HttpsServer) with a server certificate from the development CA,
 * client certificates required and trusted only from that CA. Each POST is opened (CMS decrypted
 * with the recipient's development key when it is {@code application/pkcs7-mime}), checked against
 * the document's JSON Schema and against its Idempotency-Key (which must equal the document's
 * {@code messageId}), then answered by {@link Mode}: 201 the first time a key is accepted, 200 for
 * a resend of it, 503 when unavailable, 422 when refusing or when the document is invalid, 400 when
 * it cannot be opened. Every request is kept raw, with what was decided about it.
 */
public final class JsonReceiver implements AutoCloseable {

    /** How the receiver answers valid documents. */
    public enum Mode { ACCEPT, UNAVAILABLE, REFUSE }

    /** One request as received, and the receiver's answer to it. */
    public record Received(Instant at, String path, String idempotencyKey, String contentType, byte[] raw, byte[] json,
                           String clientSubject, int status, List<String> problems) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path certs;
    private final String schemaResource;
    private final String recipient;
    private final int requestedPort;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.ACCEPT;
    private Schema schema;
    private PrivateKey recipientKey;
    private HttpsServer server;
    private ExecutorService threads;

    /**
     * @param certs          the development PKI folder (created with the recipient's key when missing, as the gateway does)
     * @param schemaResource the classpath schema of what it receives, e.g. {@code json/handover.schema.json}
     * @param recipient      the recipient whose key opens CMS bodies ({@code <recipient>.crt/.key} in {@code certs}),
     *                       or null for a partner that receives plain JSON only
     * @param port           the port to listen on (127.0.0.1), or 0 for any free one
     */
    public JsonReceiver(Path certs, String schemaResource, String recipient, int port) {
        this.certs = certs;
        this.schemaResource = schemaResource;
        this.recipient = recipient;
        this.requestedPort = port;
    }

    public synchronized JsonReceiver start() {
        try {
            DevCertificates.ensure(certs, recipient == null ? List.of() : List.of(recipient + ".crt"));
            recipientKey = recipient == null ? null : Pem.readPrivateKey(certs.resolve(recipient + ".key"));
            schema = schema(schemaResource);
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", requestedPort), 50);
            server.setHttpsConfigurator(new HttpsConfigurator(tls()) {
                @Override
                public void configure(HttpsParameters parameters) {
                    SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                    ssl.setNeedClientAuth(true);
                    parameters.setSSLParameters(ssl);
                }
            });
            server.createContext("/", this::handle);
            threads = Executors.newFixedThreadPool(4);
            server.setExecutor(threads);
            server.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the JSON receiver", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://localhost:<port><path>}: the host name its certificate is for. */
    public String url(String path) {
        return "https://localhost:" + port() + path;
    }

    public JsonReceiver mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    public Mode mode() {
        return mode;
    }

    /** Requests received per Idempotency-Key (each attempt counts). */
    public Map<String, Integer> counts() {
        return Collections.unmodifiableMap(counts);
    }

    public int count(String idempotencyKey) {
        return counts.getOrDefault(idempotencyKey, 0);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests with this Idempotency-Key, in order. */
    public List<Received> received(String idempotencyKey) {
        return received.stream().filter(r -> idempotencyKey.equals(r.idempotencyKey())).toList();
    }

    /** The bodies exactly as they arrived. */
    public List<byte[]> rawBodies() {
        return received.stream().map(Received::raw).toList();
    }

    /** Waits until a request matching {@code condition} has arrived; fails after {@code timeout}. */
    public Received await(Predicate<Received> condition, Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            for (Received r : received) {
                if (condition.test(r)) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no request matching the condition within " + timeout + "; received: " + received.size());
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (key != null) {
                counts.merge(key, 1, Integer::sum);
            }
            Answer answer = answer(exchange.getRequestMethod(), key, contentType, raw);
            received.add(new Received(Instant.now(), exchange.getRequestURI().getPath(), key, contentType, raw, answer.json,
                    client(exchange), answer.status, answer.problems));
            byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (answer.status == 503) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            exchange.sendResponseHeaders(answer.status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private record Answer(int status, String body, byte[] json, List<String> problems) {
    }

    private Answer answer(String method, String key, String contentType, byte[] raw) {
        if (!"POST".equals(method)) {
            return refusal(405, "only POST", null, List.of());
        }
        if (key == null || key.isBlank()) {
            return refusal(422, "the Idempotency-Key header is missing", null, List.of());
        }
        byte[] json;
        try {
            boolean cms = contentType != null && contentType.toLowerCase().startsWith("application/pkcs7-mime");
            if (cms && recipientKey == null) {
                return refusal(415, "this receiver takes application/json only", null, List.of());
            }
            json = cms ? JsonWire.json(raw, recipientKey) : raw;
        } catch (Exception e) {
            return refusal(400, "cannot decrypt the body: " + e, null, List.of());
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (RuntimeException e) {
            return refusal(400, "not JSON: " + e.getMessage(), json, List.of());
        }
        List<String> problems = new ArrayList<>(schema.validate(tree).stream().map(Object::toString).toList());
        if (tree.has("messageId") && !key.equals(tree.get("messageId").asString())) {
            problems.add("Idempotency-Key " + key + " is not the document's messageId " + tree.get("messageId").asString());
        }
        if (!problems.isEmpty()) {
            return refusal(422, "the document does not match " + schemaResource, json, problems);
        }
        switch (mode) {
            case UNAVAILABLE:
                return refusal(503, "temporarily unavailable (test receiver, mode UNAVAILABLE)", json, List.of());
            case REFUSE:
                return refusal(422, "refused (test receiver, mode REFUSE)", json, List.of());
            default:
                String earlier = accepted.putIfAbsent(key, UUID.randomUUID().toString());
                ObjectNode body = JSON.createObjectNode();
                body.put("id", accepted.get(key));
                body.put("status", earlier == null ? "ACCEPTED" : "DUPLICATE");
                body.put("idempotencyKey", key);
                return new Answer(earlier == null ? 201 : 200, JSON.writeValueAsString(body), json, List.of());
        }
    }

    private static Answer refusal(int status, String error, byte[] json, List<String> problems) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error);
        problems.forEach(body.putArray("problems")::add);
        return new Answer(status, JSON.writeValueAsString(body), json, problems);
    }

    private static String client(HttpExchange exchange) {
        try {
            var peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            return ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
        } catch (Exception e) {
            return null;
        }
    }

    /** A server certificate for localhost from the development CA; clients must show one from that CA. */
    private SSLContext tls() {
        try {
            DevCertificates.Issued ca = new DevCertificates.Issued(Pem.readCertificate(certs.resolve("dev-ca.crt")),
                    Pem.readPrivateKey(certs.resolve("dev-ca.key")), null);
            DevCertificates.Issued server = DevCertificates.issue(ca, "localhost", Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(30)), true);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(DevCertificates.pkcs12("receiver", server), DevCertificates.DEV_PASSWORD.toCharArray());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("dev-ca", ca.certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the receiver's TLS from " + certs, e);
        }
    }

    private static Schema schema(String resource) throws IOException {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder ->
                builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = JsonReceiver.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath");
            }
            return registry.getSchema(in);
        }
    }
}
