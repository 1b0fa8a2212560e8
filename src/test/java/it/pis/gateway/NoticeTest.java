package it.pis.gateway;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The NOTICE at the root is generated from the dependencies (license-maven-plugin), never edited
 * by hand; every build generates the same file into the jar. When a dependency changes, this test
 * says how to regenerate the committed copy.
 */
class NoticeTest {

    static final Path GENERATED = Path.of("target/classes/META-INF/NOTICE.txt");

    @Test
    void theCommittedNoticeIsTheOneGeneratedFromTheCurrentDependencies() throws IOException {
        assumeTrue(Files.exists(GENERATED), "no " + GENERATED + ": the Maven build generates it (generate-resources);"
                + " run the test through Maven");
        assertThat(Files.readString(Path.of("NOTICE")))
                .as("NOTICE differs from %s, generated from the current dependencies: regenerate it with"
                        + "  mvn -q license:add-third-party@notice  and commit it", GENERATED)
                .isEqualTo(Files.readString(GENERATED));
    }
}
