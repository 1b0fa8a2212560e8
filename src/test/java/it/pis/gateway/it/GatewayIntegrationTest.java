package it.pis.gateway.it;

import it.pis.testauth.TestAuthorizationServer;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.receivers.PecProvider;
import it.pis.gateway.receivers.MllpReceiver;
import it.pis.gateway.security.StaffRole;
import it.pis.gateway.security.StaffUsers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway running for real (embedded Artemis, H2 file journal in a temp folder, the demo
 * agreements, the routes folder), driven from outside: HAPI's MLLP client, raw sockets where a
 * test must control the bytes on the wire, java.net.http for the staff API. All subclasses share
 * one Spring context. {@link #get} and {@link #post} call the staff API as a logged-in user with
 * every role ({@value #STAFF}), through a console session (cookie and CSRF token); {@link #as}
 * gives a session of another user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.ca.uhn.hl7v2=WARN")
public abstract class GatewayIntegrationTest {

    protected static final int MLLP_PORT = FreePorts.next();
    protected static final int MLLPS_PORT = FreePorts.next();
    protected static final int PARTNER_PORT = FreePorts.next();
    protected static final int MAX_MESSAGE_BYTES = 200_000;
    /** Where the police receiver of SOAP handovers listens (it.pis.gateway.receivers.SoapReceiver). */
    protected static final int SOAP_RECEIVER_PORT = FreePorts.next();
    private static final Path DATA = tempDir();
    /**
     * A copy of protocols/, so that a test may break an agreement and reload without touching the
     * real ones, plus the test-only agreements of src/test/resources/test-agreements (receivers with
     * short retry delays, say).
     */
    protected static final Path AGREEMENTS = copyOfProtocols();
    /** The development PKI the gateway generates at start (CA, gateway, one client per partner). */
    protected static final Path CERTS = DATA.resolve("certs");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The centre's PEC provider (GreenMail SMTP + IMAP) for segnatura-xml deliveries and their receipts. */
    protected static final PecProvider PEC = new PecProvider("pronto.intervento.sociale@pec.comune.milano.example").start();
    /** The demo hospital's HL7 engine receiving MDM^T02 (ospedale-san-carlo's outbound endpoint). */
    protected static final MllpReceiver SAN_CARLO_MLLP = new MllpReceiver().start();
    /** A test-only hospital with retries a second apart (test-agreements/ospedale-prova-mllp.yaml). */
    protected static final MllpReceiver PROVA_MLLP = new MllpReceiver().start();
    /**
     * A real OAuth2/OIDC authorization server for the whole run: the gateway takes bearer tokens
     * from it and logs people in through it (pis.security.bearer.*, pis.security.oidc.*).
     */
    protected static final TestAuthorizationServer AUTHORIZATION_SERVER = TestAuthorizationServer.start();

    /** The test's staff user, with every role; created once in the shared context. */
    protected static final String STAFF = "it.staff";
    protected static final String PASSWORD = "it-staff-password-1";
    private static final Map<String, StaffSession> SESSIONS = new ConcurrentHashMap<>();

    @LocalServerPort
    protected int httpPort;
    @Autowired
    protected StaffUsers staffUsers;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("pis.mllp.port", () -> MLLP_PORT);
        registry.add("pis.mllps.port", () -> MLLPS_PORT);
        registry.add("pis.partner.https-port", () -> PARTNER_PORT);
        registry.add("pis.tls.certs-dir", CERTS::toString);
        registry.add("pis.data-dir", DATA::toString);
        registry.add("pis.agreements.dir", AGREEMENTS::toString);
        registry.add("pis.mllp.max-message-bytes", () -> MAX_MESSAGE_BYTES);
        registry.add("pis.outbound.deadline-period", () -> 500);
        for (String side : List.of("smtp", "imap")) {
            registry.add("pis.pec." + side + ".protocol", () -> side);
            registry.add("pis.pec." + side + ".host", () -> "127.0.0.1");
            registry.add("pis.pec." + side + ".port", () -> side.equals("smtp") ? PEC.port() : PEC.imapPort());
            registry.add("pis.pec." + side + ".username", PEC::centre);
            registry.add("pis.pec." + side + ".password", () -> PecProvider.PASSWORD);
        }
        registry.add("pis.pec.imap.enabled", () -> true);
        registry.add("pis.pec.imap.poll-delay", () -> 300);
        registry.add("pis.outbound.endpoints.ospedale-san-carlo", SAN_CARLO_MLLP::endpoint);
        registry.add("pis.outbound.endpoints.ospedale-prova-mllp", PROVA_MLLP::endpoint);
        registry.add("pis.outbound.mllp.read-timeout", () -> "PT5S");
        registry.add("pis.outbound.endpoints.csm-milano-nord", FhirReceivers.CSM::base);
        registry.add("pis.outbound.endpoints.serd-milano-centro", FhirReceivers.SERD::base);
        registry.add("pis.outbound.endpoints.fhir-test-receiver", FhirReceivers.TEST::base);
        registry.add("pis.outbound.endpoints.cav-milano", () -> JsonReceivers.CAV.url("/pis/handover"));
        registry.add("pis.outbound.endpoints.casa-accoglienza-san-martino", () -> JsonReceivers.SHELTER.url("/pis/placements"));
        registry.add("pis.outbound.endpoints.test-json-flaky", () -> JsonReceivers.FLAKY.url("/pis/handover"));
        registry.add("pis.outbound.endpoints.test-json-refusing", () -> JsonReceivers.REFUSING.url("/pis/placements"));
        registry.add("pis.outbound.endpoints.questura-milano", () -> "https://localhost:" + SOAP_RECEIVER_PORT + "/soap/interventi");
        registry.add("pis.outbound.endpoints.soap-test-retry", () -> "https://localhost:" + SOAP_RECEIVER_PORT + "/soap/interventi");
        registry.add("pis.security.bearer.issuer-uri", AUTHORIZATION_SERVER::issuer);
        registry.add("pis.security.oidc.issuer-uri", AUTHORIZATION_SERVER::issuer);
        registry.add("pis.security.oidc.client-id", () -> TestAuthorizationServer.GATEWAY_CLIENT);
        registry.add("pis.security.oidc.client-secret", () -> TestAuthorizationServer.GATEWAY_SECRET);
    }

    /** Sends with HAPI's own MLLP client, encoding the message in {@code charset}; returns the parsed ACK. */
    protected static Message sendWithHapi(String er7, Charset charset) throws Exception {
        try (HapiContext hapi = new DefaultHapiContext()) {
            hapi.setValidationContext(ValidationContextFactory.noValidation());
            MinLowerLayerProtocol llp = new MinLowerLayerProtocol();
            llp.setCharset(charset);
            hapi.setLowerLayerProtocol(llp);
            Connection connection = hapi.newClient("127.0.0.1", MLLP_PORT, false);
            try {
                return connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(er7));
            } finally {
                connection.close();
            }
        }
    }

    /**
     * Sends any text, however malformed, with HAPI's own MLLP framing (its lower-layer writer and
     * reader: the client API above it only sends messages HAPI itself could parse).
     */
    protected static String sendWithHapiFraming(byte[] message, Charset charset) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", MLLP_PORT)) {
            socket.setSoTimeout(20_000);
            MinLowerLayerProtocol llp = new MinLowerLayerProtocol();
            llp.setCharset(charset);
            llp.getWriter(socket.getOutputStream()).writeMessage(new String(message, charset));
            return llp.getReader(socket.getInputStream()).getMessage();
        }
    }

    /** Writes all blocks in ONE socket write (pipelining) and reads as many ACKs. */
    protected static List<String> sendRaw(Charset ackCharset, byte[]... messages) throws IOException {
        byte[] wire = frame(messages);
        try (Socket socket = new Socket("127.0.0.1", MLLP_PORT)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(wire);
            socket.getOutputStream().flush();
            return readAcks(socket.getInputStream(), messages.length, ackCharset);
        }
    }

    protected static byte[] frame(byte[]... messages) {
        int size = 0;
        for (byte[] m : messages) {
            size += m.length + 3;
        }
        byte[] wire = new byte[size];
        int at = 0;
        for (byte[] m : messages) {
            wire[at++] = 0x0B;
            System.arraycopy(m, 0, wire, at, m.length);
            at += m.length;
            wire[at++] = 0x1C;
            wire[at++] = 0x0D;
        }
        return wire;
    }

    private static List<String> readAcks(InputStream in, int count, Charset charset) throws IOException {
        List<String> acks = new ArrayList<>();
        java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
        boolean endSeen = false;
        while (acks.size() < count) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + acks.size() + " of " + count + " ACKs");
            }
            if (b == 0x0B) {
                block.reset();
            } else if (b == 0x1C) {
                endSeen = true;
            } else if (b == 0x0D && endSeen) {
                acks.add(block.toString(charset));
                block.reset();
                endSeen = false;
            } else {
                block.write(b);
            }
        }
        return acks;
    }

    protected static Terser terser(String ack) throws Exception {
        return new Terser(PipeParser.getInstanceWithNoValidation().parse(ack));
    }

    /** GET on the staff API as {@value #STAFF} (every role). */
    protected HttpResponse<String> get(String path) throws Exception {
        return staff().get(path);
    }

    /** POST of JSON (or nothing) on the staff API as {@value #STAFF}, with the session's CSRF token. */
    protected HttpResponse<String> post(String path, String json) throws Exception {
        return staff().post(path, json);
    }

    /** The session of {@value #STAFF}, logged in once for all tests. */
    protected StaffSession staff() throws Exception {
        return as(STAFF, EnumSet.allOf(StaffRole.class));
    }

    /**
     * A logged-in session of {@code username}, created with {@code roles} and a password if it does
     * not exist yet (users are never removed: one name, one set of roles for the whole run).
     */
    protected StaffSession as(String username, Set<StaffRole> roles) throws Exception {
        StaffSession session = SESSIONS.get(httpPort + "/" + username);
        if (session == null) {
            ensureUser(username, roles);
            session = StaffSession.login(httpPort, username, PASSWORD);
            SESSIONS.put(httpPort + "/" + username, session);
        }
        return session;
    }

    protected void ensureUser(String username, Set<StaffRole> roles) {
        if (staffUsers.find(username).isEmpty()) {
            staffUsers.add(username, PASSWORD, roles, false, new StaffUsers.Changer("it-setup", "system"));
        }
    }

    /** A request to the staff port with no login at all. */
    protected HttpResponse<String> anonymous(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected URI staffUri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** A client of the partner HTTPS port presenting {@code partner}'s generated certificate ({@code null}: none). */
    protected static PartnerClient partner(String partner) {
        return new PartnerClient(CERTS, PARTNER_PORT, partner);
    }

    protected static byte[] bytes(String er7, Charset charset) {
        return er7.getBytes(charset);
    }

    protected static final Charset LATIN1 = StandardCharsets.ISO_8859_1;


    private static Path copyOfProtocols() {
        try {
            Path copy = Files.createTempDirectory(DATA, "protocols-");
            for (Path folder : List.of(Path.of("protocols"), Path.of("src/test/resources/test-agreements"))) {
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                try (var files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        Files.copy(file, copy.resolve(file.getFileName()));
                    }
                }
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("pis-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
