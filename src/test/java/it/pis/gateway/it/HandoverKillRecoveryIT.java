package it.pis.gateway.it;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.receivers.MllpReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing queued is lost, proven the hard way: the packaged gateway is killed with SIGKILL while it
 * delivers a row of handovers to a slow hospital, then started again on the same data folder.
 * Every handover must reach the hospital, in the order it was made, and the hospital (which counts
 * by MSH-10, as receivers drop resends by message id) must see each one once — at most the one in
 * flight at the kill arrives twice, with the same MSH-10.
 */
class HandoverKillRecoveryIT {

    static final int HANDOVERS = 30;
    static final int KILL_AFTER_DELIVERED = 8;
    static final String OPERATOR = "Basic " + Base64.getEncoder().encodeToString(
            "operatore:pis-demo-turno-notte".getBytes(StandardCharsets.UTF_8));
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path data;
    final int mllpPort = FreePorts.next();
    final int httpPort = FreePorts.next();
    final MllpReceiver hospital = new MllpReceiver().answer(MllpReceiver.Answer.SILENT).silentFor(150).start();
    final HttpClient http = HttpClient.newHttpClient();
    Process gateway;

    @AfterEach
    void stop() throws Exception {
        hospital.close();
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyJournaledHandoverIsDeliveredAfterAKillInOrderAndOnce() throws Exception {
        gateway = start();
        String report = report();
        List<String> handovers = new ArrayList<>();
        for (int i = 0; i < HANDOVERS; i++) {
            handovers.add(handover(report, i));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> hospital.order().size() >= KILL_AFTER_DELIVERED);
        gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int beforeKill = hospital.order().size();
        assertThat(beforeKill).as("the kill came while deliveries were still queued").isLessThan(HANDOVERS);

        gateway = start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> states(handovers).stream().allMatch("ACKNOWLEDGED"::equals));

        List<String> sent = new ArrayList<>();
        for (String handover : handovers) {
            sent.add(messageId(handover));
        }
        Map<String, Integer> counts = hospital.received();
        assertThat(counts.keySet()).as("every handover reached the hospital").containsExactlyInAnyOrderElementsOf(sent);
        assertThat(counts.values().stream().filter(n -> n > 1).count())
                .as("only the delivery in flight at the kill may arrive twice (same MSH-10): " + counts).isLessThanOrEqualTo(1);
        assertThat(hospital.order().stream().distinct().toList()).as("in the order the handovers were made")
                .containsExactlyElementsOf(sent);
    }

    private String report() throws Exception {
        try (HapiContext hapi = new DefaultHapiContext()) {
            Connection connection = hapi.newClient("127.0.0.1", mllpPort, false);
            Terser ack = new Terser(connection.getInitiator().sendAndReceive(
                    hapi.getPipeParser().parse(adtA04("KILLOUT1", "Consegna", "Dopo", null))));
            connection.close();
            assertThat(ack.get("/MSA-1")).isEqualTo("AA");
            return ack.get("/MSA-3").replace("report ", "");
        }
    }

    private String handover(String report, int i) throws Exception {
        HttpResponse<String> created = http.send(request("/api/handovers")
                .header("Content-Type", "application/json").header("Idempotency-Key", "kill-" + i)
                .POST(HttpRequest.BodyPublishers.ofString("{\"reportIds\":[\"" + report + "\"],"
                        + "\"recipients\":[\"ospedale-san-carlo\"],\"summary\":\"Sintesi numero " + i + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).at("/handover/id").asString();
    }

    private List<String> states(List<String> handovers) throws Exception {
        List<String> states = new ArrayList<>();
        for (String handover : handovers) {
            states.add(delivery(handover).get("state").asString());
        }
        return states;
    }

    private String messageId(String handover) throws Exception {
        return delivery(handover).get("messageId").asString();
    }

    private JsonNode delivery(String handover) throws Exception {
        HttpResponse<String> view = http.send(request("/api/handovers/" + handover).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        return JSON.readTree(view.body()).at("/deliveries/0");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).header("Authorization", OPERATOR);
    }

    private Process start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", "target/pis-gateway.jar",
                "--pis.data-dir=" + data, "--server.port=" + httpPort, "--pis.mllp.port=" + mllpPort,
                "--pis.mllps.port=" + FreePorts.next(), "--pis.partner.https-port=" + FreePorts.next(),
                "--pis.tls.certs-dir=" + data.resolve("certs"), "--pis.node-id=kill-test",
                "--pis.outbound.endpoints.ospedale-san-carlo=" + hospital.endpoint())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(data.toFile(), "gateway.log")))
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
