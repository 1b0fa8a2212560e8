package it.pis.gateway.faults;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static it.pis.gateway.faults.FaultsEnvironment.run;

/**
 * An external Artemis broker as production runs it: an instance created by the distribution's own
 * {@code artemis create} (one CORE acceptor on a free port, the queue pis.reports anycast and
 * durable, user pis), run as a process of its own that a case may stop and start again.
 */
final class ArtemisProcess implements AutoCloseable {

    static final String USER = "pis";
    static final String PASSWORD = "pis-faults";

    final Path instance;
    final int port;
    private Process process;
    private int starts;

    private ArtemisProcess(Path instance, int port) {
        this.instance = instance;
        this.port = port;
    }

    static ArtemisProcess create(Path home, Path instance, int port) throws Exception {
        run(List.of("bash", home.resolve("bin/artemis").toString(), "create", instance.toString(), "--silent", "--force",
                "--user", USER, "--password", PASSWORD, "--require-login", "--host", "127.0.0.1",
                "--default-port", String.valueOf(port), "--queues", "pis.reports:anycast", "--nio", "--no-web",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor",
                "--java-memory", "512M", "--no-autotune"));
        return new ArtemisProcess(instance, port);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    void start() throws Exception {
        starts++;
        process = new ProcessBuilder("bash", instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(instance.toFile(), "broker-" + starts + ".log")))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Artemis died at start, see " + instance.resolve("broker-" + starts + ".log"));
            }
            if (Files.readString(instance.resolve("broker-" + starts + ".log")).contains("AMQ221007")) { // Server is now active
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    // the log line comes just before the acceptor
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Artemis did not start in 90 s");
    }

    /** An orderly stop (SIGTERM), as an operator's restart does. */
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
