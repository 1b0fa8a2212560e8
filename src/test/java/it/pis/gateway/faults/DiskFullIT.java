package it.pis.gateway.faults;

import it.pis.gateway.security.DemoUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full disk under the embedded default (H2 journal and embedded Artemis in pis.data-dir): the
 * data folder is a small tmpfs that a ballast file fills while a hospital sends. Messages are
 * refused (AE, resend), none acknowledged is lost; once the ballast is deleted the gateway takes
 * messages again by itself, and after a restart on the same folder everything acknowledged is
 * still there, once.
 */
class DiskFullIT {

    static final String OPERATOR = "Basic " + Base64.getEncoder().encodeToString(
            (DemoUsers.USERS.get(0).username() + ":" + DemoUsers.USERS.get(0).password()).getBytes(StandardCharsets.UTF_8));

    Tmpfs disk;
    GatewayNode node;

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    @Test
    void aFullDiskRefusesMessagesLosesNothingAndTheGatewayTakesThemAgainOnceSpaceReturns() throws Exception {
        FaultsEnvironment.require();
        Path work = Files.createDirectories(Path.of("target/faults/disk-node").toAbsolutePath());
        disk = Tmpfs.mount(96);
        node = new GatewayNode("disk-node", work, disk.mountPoint.resolve("data"), Map.of(),
                List.of("--pis.tls.certs-dir=" + FaultsEnvironment.certificates()));
        node.start();
        node.awaitReady();

        Hl7Load before = new Hl7Load("DISKPRE", List.of(node.mllpPort), 2, 100).start();
        assertThat(before.await(120)).isTrue();
        assertThat(before.acknowledged).hasSize(100);

        long ballast = disk.fill();
        long fullAt = System.currentTimeMillis();
        Hl7Load during = new Hl7Load("DISKFULL", List.of(node.mllpPort), 2, 300).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (during.refusals() < 20 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        disk.emptyBallast();
        long freedAt = System.currentTimeMillis();
        assertThat(during.await(240)).as("senders finished").isTrue();

        long refusedWhileFull = during.answers.stream()
                .filter(x -> x.code().equals("AE") && x.atMillis() >= fullAt && x.atMillis() <= freedAt).count();
        long firstAaAfter = during.answers.stream().filter(x -> x.code().equals("AA") && x.atMillis() >= freedAt)
                .mapToLong(Hl7Load.Answer::atMillis).min().orElse(Long.MAX_VALUE);

        node.close();
        node.start();
        node.awaitReady();
        Map<String, Integer> reports = reportsPerMessage();
        Hl7Load after = new Hl7Load("DISKAFTER", List.of(node.mllpPort), 1, 1).start();
        assertThat(after.await(60)).isTrue();

        int acknowledged = before.acknowledged.size() + during.acknowledged.size();
        List<String> lost = java.util.stream.Stream.concat(before.acknowledged.keySet().stream(), during.acknowledged.keySet().stream())
                .filter(id -> !reports.containsKey(id)).sorted().toList();
        long doubled = reports.values().stream().filter(n -> n > 1).count();
        FaultsUnderLoadIT.TABLE.add(new FaultsTable.Row("disk full under the embedded default (tmpfs 96 MB, ballast "
                + ballast / (1 << 20) + " MB)", before.sent.get() + during.sent.get(), acknowledged,
                (int) reports.keySet().stream().filter(id -> !id.startsWith("DISKAFTER")).count(), lost.size(), (int) doubled, -1, -1,
                during.refusals() + " (" + refusedWhileFull + " while full)",
                firstAaAfter == Long.MAX_VALUE ? "none" : "first AA " + (firstAaAfter - freedAt) + " ms after the ballast went; "
                        + "restart on the same folder: all there"));
        FaultsUnderLoadIT.TABLE.write(Path.of("target/faults-table.md"));

        assertThat(refusedWhileFull).as("messages refused while the disk was full").isPositive();
        assertThat(during.unanswered).as("never answered").isEmpty();
        assertThat(during.rejected).as("AR answers").isEmpty();
        assertThat(during.acknowledged).as("every message taken once space returned").hasSize(300);
        assertThat(firstAaAfter - freedAt).as("ms to the first AA once space returned").isLessThanOrEqualTo(10_000);
        assertThat(lost).as("acknowledged without a report (after a restart)").isEmpty();
        assertThat(doubled).as("messages with more than one report").isZero();
        assertThat(after.acknowledged).as("a new message after the restart").hasSize(1);
    }

    /** Reports per message id of the demo hospital, read through the staff API (the embedded default's demo operator). */
    private Map<String, Integer> reportsPerMessage() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.httpPort + "/api/reports?limit=1000"))
                .header("Authorization", OPERATOR).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Integer> counts = new HashMap<>();
        Matcher m = Pattern.compile("\"externalId\":\"(DISK[A-Z]+\\d+)\"").matcher(response.body());
        while (m.find()) {
            counts.merge(m.group(1), 1, Integer::sum);
        }
        return counts;
    }
}
