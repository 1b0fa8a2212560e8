package it.pis.gateway.mllp;

import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.inbound.hl7v2.Hl7Acknowledgements;
import it.pis.gateway.inbound.hl7v2.Hl7Intake;
import it.pis.gateway.it.FreePorts;
import it.pis.gateway.routes.JournalStandIn;
import it.pis.gateway.routes.YamlRouteTestSupport;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * routes/hl7v2-mllp-in.yaml with its real netty MLLP listener on a free loopback port, driven by raw
 * sockets: the intake and ACKs are the real ones, the journal a stand-in. Subclasses choose the
 * listener's limits.
 */
abstract class MllpListenerTestSupport extends YamlRouteTestSupport {

    /** What a test waits at most for the gateway to answer or close; never reached when all is well. */
    static final int READ_TIMEOUT_MS = 20_000;

    /** Static: the test support reads the properties before the instance's fields are set. */
    static final int PORT = FreePorts.next();
    static final int TLS_PORT = FreePorts.next();
    final JournalStandIn journal = new JournalStandIn("journal", new CopyOnWriteArrayList<>());
    final MllpConnectionLimit connectionLimit = new MllpConnectionLimit(maxConnections());

    abstract int maxConnections();

    abstract Duration idleTimeout();

    @Override
    protected List<String> routeFiles() {
        return List.of("hl7v2-mllp-in.yaml");
    }

    @Override
    protected Properties properties() {
        Properties properties = new Properties();
        properties.put("pis.mllp.host", "127.0.0.1");
        properties.put("pis.mllp.port", String.valueOf(PORT));
        properties.put("pis.mllps.port", String.valueOf(TLS_PORT));
        return properties;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("hl7Intake", new Hl7Intake(new AgreementRegistry(AgreementFiles.loader(), AgreementFiles.DEMO),
                null, StandardCharsets.ISO_8859_1));
        registry.bind("hl7Acks", new Hl7Acknowledgements("PIS-GATEWAY", "PIS", ZoneId.of("Europe/Rome")));
        registry.bind("inboundJournal", journal);
        registry.bind("mllpConnectionLimit", connectionLimit);
        registry.bind("mllpIdleTimeout", new MllpIdleTimeout(idleTimeout()));
        registry.bind("mllpDecoder", new MllpFrameDecoderFactory(1_000_000));
        registry.bind("mllpEncoder", new MllpFrameEncoder());
    }

    @BeforeEach
    void startListener() throws Exception {
        // the TLS listener has the same handlers; it needs the gateway's keys, so it is not started here
        AdviceWith.adviceWith(context, "hl7v2-mllps-listener", route -> route.replaceFromWith("direct:mllps"));
        beforeStart();
        startRoutes();
    }

    /** What a test must set up on the context before it starts. */
    protected void beforeStart() {
    }

    Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", PORT);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    /** Sends one framed message and returns the ACK. */
    static String exchange(Socket socket, String er7) throws IOException {
        socket.getOutputStream().write(0x0B);
        socket.getOutputStream().write(er7.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(new byte[]{0x1C, 0x0D});
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream ack = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0x1C; b = in.read()) {
            if (b < 0) {
                throw new IOException("closed before the ACK");
            }
            if (b != 0x0B) {
                ack.write(b);
            }
        }
        in.read();
        return ack.toString(StandardCharsets.ISO_8859_1);
    }

    /** True when the gateway closed the connection (end of stream or reset) before sending anything. */
    static boolean closedByGateway(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
