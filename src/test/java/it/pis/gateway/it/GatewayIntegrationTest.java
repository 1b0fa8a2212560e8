package it.pis.gateway.it;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.receivers.MllpReceiver;
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
import java.util.List;

/**
 * The gateway running for real (embedded Artemis, H2 file journal in a temp folder, the demo
 * agreements, the routes folder), driven from outside: HAPI's MLLP client, raw sockets where a
 * test must control the bytes on the wire, java.net.http for the staff API. All subclasses share
 * one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.ca.uhn.hl7v2=WARN")
public abstract class GatewayIntegrationTest {

    protected static final int MLLP_PORT = FreePorts.next();
    protected static final int MLLPS_PORT = FreePorts.next();
    protected static final int PARTNER_PORT = FreePorts.next();
    protected static final int MAX_MESSAGE_BYTES = 200_000;
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
    /** The demo hospital's HL7 engine receiving MDM^T02 (ospedale-san-carlo's outbound endpoint). */
    protected static final MllpReceiver SAN_CARLO_MLLP = new MllpReceiver().start();
    /** A test-only hospital with retries a second apart (test-agreements/ospedale-prova-mllp.yaml). */
    protected static final MllpReceiver PROVA_MLLP = new MllpReceiver().start();

    @LocalServerPort
    protected int httpPort;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("pis.mllp.port", () -> MLLP_PORT);
        registry.add("pis.mllps.port", () -> MLLPS_PORT);
        registry.add("pis.partner.https-port", () -> PARTNER_PORT);
        registry.add("pis.tls.certs-dir", CERTS::toString);
        registry.add("pis.data-dir", DATA::toString);
        registry.add("pis.agreements.dir", AGREEMENTS::toString);
        registry.add("pis.mllp.max-message-bytes", () -> MAX_MESSAGE_BYTES);
        registry.add("pis.outbox.grace", () -> "PT2S");
        registry.add("pis.outbox.sweep-period", () -> 500);
        registry.add("pis.outbound.endpoints.ospedale-san-carlo", SAN_CARLO_MLLP::endpoint);
        registry.add("pis.outbound.endpoints.ospedale-prova-mllp", PROVA_MLLP::endpoint);
        registry.add("pis.outbound.mllp.read-timeout", () -> "PT5S");
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

    protected HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .header("Content-Type", "application/json")
                        .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
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
