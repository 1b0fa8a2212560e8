package it.pis.gateway.faults;

import it.pis.gateway.it.FreePorts;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One gateway node: the packaged jar as a JVM of its own, with every listener on a free port and
 * the environment given (the production profile's, or none for the embedded default). Ready once
 * its MLLP port takes connections (the MLLP listeners are the last routes to start).
 */
final class GatewayNode implements AutoCloseable {

    final String name;
    final Path folder;
    final int mllpPort = FreePorts.next();
    final int httpPort = FreePorts.next();
    final int mllpsPort = FreePorts.next();
    final int partnerPort = FreePorts.next();
    final Path dataDir;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private Process process;
    private int starts;

    GatewayNode(String name, Path folder, Map<String, String> environment, List<String> arguments) {
        this(name, folder, folder.resolve("data"), environment, arguments);
    }

    /** {@code dataDir}: pis.data-dir, the embedded default's H2 and Artemis journals. */
    GatewayNode(String name, Path folder, Path dataDir, Map<String, String> environment, List<String> arguments) {
        this.name = name;
        this.folder = folder;
        this.dataDir = dataDir;
        this.environment = environment;
        this.arguments = arguments;
    }

    /** Starts the JVM; {@link #awaitReady} waits for it, so that two nodes start side by side. */
    void start() throws IOException {
        starts++;
        Files.createDirectories(folder);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-jar", FaultsEnvironment.JAR.toString(),
                "--server.port=" + httpPort, "--pis.mllp.port=" + mllpPort, "--pis.mllps.port=" + mllpsPort,
                "--pis.partner.https-port=" + partnerPort, "--pis.data-dir=" + dataDir,
                // unique per node: two nodes on one host would otherwise share the host name as owner of delivery leases
                "--pis.node-id=" + name));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    Path log() {
        return folder.resolve(name + ".log");
    }

    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " died at start (exit " + process.exitValue() + "), see " + log());
            }
            try (Socket ignored = new Socket("127.0.0.1", mllpPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException(name + " did not open MLLP port " + mllpPort + " in 300 s, see " + log());
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The JVM's threads now (jcmd Thread.print), into a file beside its log; that file, or why there is none. */
    String threadDump() {
        if (!isAlive()) {
            return name + ": not running";
        }
        Path dump = folder.resolve(name + "-threads-" + System.currentTimeMillis() + ".txt");
        try {
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(dump.toFile()).start().waitFor(30, TimeUnit.SECONDS);
            return dump.toString();
        } catch (IOException e) {
            return name + ": no thread dump (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return name + ": no thread dump (interrupted)";
        }
    }

    /** kill -9: SIGKILL on Linux, nothing runs in the JVM after it. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (MLLP " + mllpPort + ", log " + log() + ")";
    }

}
