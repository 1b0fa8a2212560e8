package it.pis.gateway.admin;

import it.pis.gateway.PisGatewayApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands as a person runs them, in a JVM of their own started like {@code java -jar}: what they
 * print is their answer and nothing else (no library's log lines before it).
 */
class CommandsTest {

    @Test
    void validatePrintsOnlyItsAnswer(@TempDir Path dir) throws Exception {
        Run run = run(dir, "validate", Path.of("protocols").toAbsolutePath().toString());

        assertThat(run.exit).isZero();
        assertThat(run.err).isEmpty();
        assertThat(run.out.lines()).allSatisfy(line -> assertThat(line).matches("ok  .*|\\d+ agreement\\(s\\) valid in .*"));
    }

    @Test
    void certsPrintsOnlyItsAnswer(@TempDir Path dir) throws Exception {
        Run run = run(dir, "certs", Path.of("protocols").toAbsolutePath().toString(), dir.resolve("certs").toString());

        assertThat(run.exit).isZero();
        assertThat(run.err).isEmpty();
        assertThat(run.out.lines()).allSatisfy(line -> assertThat(line).matches("ok  .*|development PKI in .*"));
        assertThat(run.out).contains("ok  " + dir.resolve("certs/questura-milano.crt"));
    }

    record Run(int exit, String out, String err) {
    }

    /** The gateway's main class with the test classpath, in {@code dir}; at most a minute. */
    static Run run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PisGatewayApplication.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the command did not end within 60 s: " + args[0]);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
