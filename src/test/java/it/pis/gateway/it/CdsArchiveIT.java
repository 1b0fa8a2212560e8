package it.pis.gateway.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/cds-archive} on the packaged jar, as docs/operations.md tells an operator to run it, from
 * a shell set up for the production profile (which its training start must ignore): the archive it
 * makes is one the JVM accepts ({@code -Xshare:on} refuses to start otherwise), the
 * gateway's own classes come from it, and so do those its listeners load when they start.
 */
class CdsArchiveIT {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path folder;

    @Test
    void theArchiveMadeFromTheExtractedJarIsTheOneTheGatewayStartsWith() throws Exception {
        Path app = folder.resolve("app");
        assertThat(run(JAVA, "-Djarmode=tools", "-jar", "target/pis-gateway.jar", "extract", "--destination",
                app.toString()).exitCode).isZero();
        Path jar = app.resolve("pis-gateway.jar"), archive = app.resolve("pis-gateway.jsa");

        // made from a shell set up for the production gateway: none of it may reach the training start
        Ran made = run(Map.of("SPRING_PROFILES_ACTIVE", "production",
                        "SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:1/not-for-training"),
                "bash", "bin/cds-archive", archive.toString(), "-Xmx512m", "-jar", jar.toString());
        assertThat(made.exitCode).as(made.output).isZero();
        assertThat(made.output).contains(archive + ": ");
        assertThat(archive).isNotEmptyFile();

        // the training start ran to ready, not only to the end of the context refresh: a class first
        // loaded when Camel starts the MLLP listeners is in the archive
        Ran listed = run(JAVA, "-XX:SharedArchiveFile=" + archive, "-XX:+PrintSharedArchiveAndExit", "-Xmx512m",
                "-jar", jar.toString());
        assertThat(listed.output).as("the archive's classes").contains("org.apache.camel.component.netty.NettyConsumer ");

        Ran validate = run(JAVA, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info",
                "-Xmx512m", "-jar", jar.toString(), "validate", "protocols");
        assertThat(validate.exitCode).as(validate.output).isZero();
        assertThat(validate.output).contains("it.pis.gateway.PisGatewayApplication source: shared objects file");
    }

    @Test
    void withoutAJarToStartItSaysHowToCallIt() throws Exception {
        Ran ran = run("bash", "bin/cds-archive", folder.resolve("x.jsa").toString());
        assertThat(ran.exitCode).isEqualTo(2);
        assertThat(ran.output).contains("usage:");
    }

    private record Ran(int exitCode, String output) {
    }

    private Ran run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    private Ran run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(folder, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA", JAVA);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not end in 5 minutes:\n" + Files.readString(log));
        }
        return new Ran(process.exitValue(), Files.readString(log));
    }
}
