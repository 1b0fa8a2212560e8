package it.pis.gateway.bench;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway in a JVM of its own, started with the JVM options the README documents
 * ({@link #DEFAULT_JVM_OPTIONS}, also in the pom's spring-boot:run), so that its start-up time and its
 * resident memory are the gateway's alone, not the load generator's too.
 */
final class GatewayProcess implements AutoCloseable {

    /** The documented default JVM settings (README, docs/operations.md, pom.xml's spring-boot:run). */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m", "-XX:MaxMetaspaceSize=256m",
            "-XX:ReservedCodeCacheSize=96m", "-XX:MaxDirectMemorySize=128m", "-Xss512k");

    private final Process process;
    private final Path log;
    final double startupSeconds;

    private GatewayProcess(Process process, Path log, double startupSeconds) {
        this.process = process;
        this.log = log;
        this.startupSeconds = startupSeconds;
    }

    /**
     * Starts the gateway with {@code java} and {@code javaArguments} (JVM options, classpath, main class,
     * see {@link #javaArguments}), then {@code args}, and waits until every one of {@code ports} takes a
     * connection; {@link #startupSeconds} is the time from the process's start to that moment.
     */
    static GatewayProcess start(List<String> javaArguments, List<String> args, List<Integer> ports, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(javaArguments);
        command.addAll(args);
        long from = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = from + TimeUnit.SECONDS.toNanos(300);
        for (int port : ports) {
            while (!listening(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the gateway's own JVM did not listen on port " + port
                            + " (log: " + log + ")\n" + tail(log));
                }
                Thread.sleep(20);
            }
        }
        return new GatewayProcess(process, log, (System.nanoTime() - from) / 1e9);
    }

    /** The documented JVM options, then {@code extraOptions}, {@code classpath} and the gateway's main class. */
    static List<String> javaArguments(List<String> extraOptions, String classpath) {
        List<String> arguments = new ArrayList<>(DEFAULT_JVM_OPTIONS);
        arguments.addAll(extraOptions);
        arguments.addAll(List.of("-cp", classpath, "it.pis.gateway.PisGatewayApplication"));
        return arguments;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The gateway's classes folder and its runtime dependencies, as deployed: the bench profile writes
     * them ({@code bench.runtimeClasspath}, {@code bench.runtimeClasspathFile}); the test jars (an OAuth2
     * authorization server, Selenium, …) would otherwise load and start with it. Run outside that
     * profile, the benchmark's own classpath.
     */
    static List<String> runtimeClasspath() throws IOException {
        String classes = System.getProperty("bench.runtimeClasspath");
        String dependencies = System.getProperty("bench.runtimeClasspathFile");
        if (classes == null || dependencies == null) {
            return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        }
        List<String> classpath = new ArrayList<>(List.of(classes));
        classpath.addAll(List.of(Files.readString(Path.of(dependencies)).strip().split(File.pathSeparator)));
        return classpath;
    }

    private static boolean listening(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The process's resident set (VmRSS), bytes; -1 where there is no /proc. */
    long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SIGTERM, as an operator stops it, then waits for the JVM to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
