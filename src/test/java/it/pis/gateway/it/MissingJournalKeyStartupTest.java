package it.pis.gateway.it;

import it.pis.gateway.PisGatewayApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Journal keys provided, never generated (pis.journal.encryption.dev-key=false, as in the production
 * profile), and none given: the gateway does not start, saying what to set, and writes no key.
 */
class MissingJournalKeyStartupTest {

    @Test
    void withoutAJournalKeyTheGatewayRefusesToStartAndSaysWhatToSet(@TempDir Path dir) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(PisGatewayApplication.class)
                .run("--pis.journal.encryption.dev-key=false", "--pis.data-dir=" + dir.resolve("data"),
                        "--pis.tls.certs-dir=" + dir.resolve("certs"),
                        "--server.port=0", "--pis.mllp.port=0", "--pis.mllps.port=0", "--pis.partner.https-port=0",
                        "--spring.artemis.embedded.server-id=12")
                .close());

        Throwable root = failure;
        while (root != null && root.getCause() != null) {
            root = root.getCause();
        }
        assertThat(root).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no journal encryption key").hasMessageContaining("PIS_JOURNAL_ENCRYPTION_KEYS");
        assertThat(dir.resolve("data/journal-dev.key")).doesNotExist();
    }
}
