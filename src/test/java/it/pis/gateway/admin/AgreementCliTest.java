package it.pis.gateway.admin;

import it.pis.gateway.agreement.AgreementFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static it.pis.gateway.agreement.AgreementFiles.demo;
import static it.pis.gateway.agreement.AgreementFiles.replacing;
import static it.pis.gateway.agreement.AgreementFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

class AgreementCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void validFolderExitsZeroAndListsEveryFile() throws Exception {
        int code = run("validate", "protocols");

        assertThat(code).isZero();
        try (Stream<Path> files = Files.list(AgreementFiles.DEMO)) {
            assertThat(files.filter(f -> f.toString().endsWith(".yaml")))
                    .hasSize(9)
                    .allSatisfy(f -> assertThat(out()).contains("ok  " + f));
        }
        assertThat(out()).contains("ok  protocols/ospedale-san-carlo.yaml  (ospedale-san-carlo, hospital)")
                .endsWith("9 agreement(s) valid in protocols" + System.lineSeparator());
        assertThat(err()).isEmpty();
    }

    @Test
    void folderDefaultsToProtocols() {
        assertThat(run("validate")).isZero();
        assertThat(out()).contains("9 agreement(s) valid in protocols");
    }

    @Test
    void brokenFolderExitsOneWithTheProblemsOnStderr(@TempDir Path folder) {
        Path file = write(folder, "uds-milano", replacing(demo("uds-milano"), "kind: street-unit", "kind: circus"));

        int code = run("validate", folder.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("1 problem(s) in agreements:", file + ": kind: 'circus' does not have a value in the enumeration");
        assertThat(out()).isEmpty();
    }

    @Test
    void missingFolderExitsOne(@TempDir Path folder) {
        assertThat(run("validate", folder.resolve("nope").toString())).isEqualTo(1);
        assertThat(err()).contains("agreement folder does not exist");
    }

    @Test
    void tooManyArgumentsExitTwoWithUsage() {
        int code = run("validate", "protocols", "extra");

        assertThat(code).isEqualTo(2);
        assertThat(err()).startsWith("usage: java -jar pis-gateway.jar validate");
        assertThat(out()).isEmpty();
    }

    private int run(String... args) {
        return AgreementCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
