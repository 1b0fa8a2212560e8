package it.pis.gateway.faults;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the fault suite needs from the machine: root (a PostgreSQL cluster of its own run as user
 * postgres, a tmpfs mount), PostgreSQL 15's binaries, the Artemis distribution unpacked by the
 * {@code faults} profile and the packaged jar. Missing, the suite is skipped saying why, unless
 * {@code PIS_FAULTS_REQUIRED=true} (CI), where it fails.
 */
final class FaultsEnvironment {

    static final Path POSTGRES_BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final Path JAR = Path.of("target/pis-gateway.jar").toAbsolutePath();

    private FaultsEnvironment() {
    }

    static Path artemisHome() {
        String home = System.getProperty("pis.faults.artemis-home");
        return home == null ? null : Path.of(home);
    }

    /** Skips (or, with PIS_FAULTS_REQUIRED=true, fails) when something the suite needs is missing. */
    static void require() throws Exception {
        String missing = null;
        if (!"0".equals(run(List.of("id", "-u")).strip())) {
            missing = "the fault suite runs as root (runuser postgres for its own PostgreSQL cluster, mount tmpfs)";
        } else if (!Files.isExecutable(POSTGRES_BIN.resolve("pg_ctl"))) {
            missing = "PostgreSQL 15 binaries not found in " + POSTGRES_BIN;
        } else if (artemisHome() == null || !Files.isRegularFile(artemisHome().resolve("bin/artemis"))) {
            missing = "the Artemis distribution is not unpacked (run it as mvn verify -Pfaults): " + artemisHome();
        } else if (!Files.isRegularFile(JAR)) {
            missing = "the packaged gateway " + JAR + " is missing (mvn verify -Pfaults builds it)";
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("PIS_FAULTS_REQUIRED"))) {
                throw new IllegalStateException("PIS_FAULTS_REQUIRED=true but " + missing);
            }
            Assumptions.abort("fault suite skipped: " + missing);
        }
    }

    /** The development PKI for every node of the suite, made once by the jar's own {@code certs} command. */
    static synchronized Path certificates() throws Exception {
        Path certs = Path.of("target/faults/certs").toAbsolutePath();
        if (!Files.isRegularFile(certs.resolve("gateway.crt"))) {
            run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                    "certs", "protocols", certs.toString()));
        }
        return certs;
    }

    /** Runs a command to its end; its output, or an exception with it when it fails. */
    static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, null);
    }

    static String run(List<String> command, Path directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(command + " exited " + process.exitValue() + ": " + text);
        }
        return text;
    }
}
