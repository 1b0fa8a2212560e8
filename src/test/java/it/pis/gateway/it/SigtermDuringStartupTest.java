package it.pis.gateway.it;

import it.pis.gateway.PisGatewayApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in a JVM of its own, started against a journal database that takes the connection and
 * never answers (start-up waits on it for ever), gets a SIGTERM: it ends by itself, saying why,
 * instead of waiting for a start-up that never finishes.
 */
class SigtermDuringStartupTest {

    @Test
    void aSigtermDuringAStartUpThatHangsEndsTheProcess(@TempDir Path dir) throws Exception {
        try (ServerSocket silentDatabase = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path out = dir.resolve("out.txt");
            Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PisGatewayApplication.class.getName(),
                    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + silentDatabase.getLocalPort() + "/pis",
                    "--pis.data-dir=" + dir.resolve("data"), "--pis.tls.certs-dir=" + dir.resolve("certs"),
                    "--pis.agreements.dir=" + Path.of("protocols").toAbsolutePath(),
                    "--pis.routes-dir=" + Path.of("routes").toAbsolutePath(),
                    "--server.port=0", "--pis.mllp.port=0", "--pis.mllps.port=0", "--pis.partner.https-port=0",
                    "--spring.artemis.embedded.server-id=13")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                awaitLine(out, "HikariPool-1 - Starting");
                gateway.destroy(); // SIGTERM

                assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
                assertThat(gateway.exitValue()).isEqualTo(143);
                assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("SIGTERM during start-up");
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    /** Start-up has reached the database (the gateway's log says so). */
    private static void awaitLine(Path log, String line) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the gateway never logged '" + line + "':\n" + Files.readString(log));
    }
}
