package it.pis.gateway.it;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable before acknowledged, proven the hard way: the packaged gateway is killed with SIGKILL
 * while four hospitals are sending, then started again on the same data folder. Every message
 * that got an AA must have its report; resending everything (as partners do after a timeout)
 * must end with exactly one report per message.
 */
class KillRecoveryIT {

    static final int MESSAGES = 400;
    static final int SENDERS = 4;
    static final int KILL_AFTER_ACKS = 120;

    @TempDir
    Path data;
    final int mllpPort = FreePorts.next();
    final int httpPort = FreePorts.next();
    Process gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyAcknowledgedMessageSurvivesAKillAndResendsMakeNoDuplicates() throws Exception {
        gateway = start();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger acks = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            senders.submit(() -> sendUntilCutOff(sender, acknowledged, acks));
        }
        while (acks.get() < KILL_AFTER_ACKS) {
            Thread.sleep(5);
        }
        gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        senders.shutdown();
        assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);

        gateway = start();
        Set<String> stored = storedExternalIds();
        assertThat(stored).as("reports of messages that were acknowledged before the kill").containsAll(acknowledged);

        try (HapiContext hapi = new DefaultHapiContext()) {
            Connection connection = hapi.newClient("127.0.0.1", mllpPort, false);
            for (int i = 0; i < MESSAGES; i++) {
                Terser ack = new Terser(connection.getInitiator().sendAndReceive(
                        hapi.getPipeParser().parse(adtA04(controlId(i), "Riavvio", "N" + i, null))));
                assertThat(ack.get("/MSA-1")).isEqualTo("AA");
            }
            connection.close();
        }
        assertThat(storedExternalIds()).hasSize(MESSAGES);
    }

    private void sendUntilCutOff(int sender, Set<String> acknowledged, AtomicInteger acks) {
        try (HapiContext hapi = new DefaultHapiContext()) {
            Connection connection = hapi.newClient("127.0.0.1", mllpPort, false);
            for (int i = sender; i < MESSAGES; i += SENDERS) {
                String id = controlId(i);
                Terser ack = new Terser(connection.getInitiator().sendAndReceive(
                        hapi.getPipeParser().parse(adtA04(id, "Riavvio", "N" + i, null))));
                if ("AA".equals(ack.get("/MSA-1"))) {
                    acknowledged.add(id);
                    acks.incrementAndGet();
                }
            }
        } catch (Exception killed) {
            // the gateway died under us: what was acknowledged so far is what counts
        }
    }

    private static String controlId(int i) {
        return "KILL" + i;
    }

    private Set<String> storedExternalIds() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/api/reports?limit=1000"))
                        .header("Authorization", PostgresJournalTest.DEMO_OPERATOR).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"externalId\":\"(KILL\\d+)\"").matcher(response.body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertThat(ids).as("one report per message").doesNotHaveDuplicates();
        return new HashSet<>(ids);
    }

    private Process start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", "target/pis-gateway.jar",
                "--pis.data-dir=" + data, "--server.port=" + httpPort, "--pis.mllp.port=" + mllpPort,
                "--pis.mllps.port=" + FreePorts.next(), "--pis.partner.https-port=" + FreePorts.next(),
                "--pis.tls.certs-dir=" + data.resolve("certs"))
                .redirectErrorStream(true)
                .redirectOutput(new File(data.toFile(), "gateway.log"))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("gateway died at start, see " + data.resolve("gateway.log")).isTrue();
            try (Socket ignored = new Socket("127.0.0.1", mllpPort)) {
                return process;
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("gateway did not open MLLP port " + mllpPort + " in 90 s");
    }

}
