package it.pis.gateway.it;

import it.pis.gateway.PisGatewayApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** An invalid agreement folder stops start-up with a message naming file, field and rule. */
class InvalidAgreementsStartupTest {

    @Test
    void gatewayRefusesToStartOnAnInvalidAgreement(@TempDir Path dir) throws Exception {
        String hospital = Files.readString(Path.of("protocols/ospedale-san-carlo.yaml"))
                .replace("ADT^A08, REF^I12", "ADT^A08, REF_I12");
        Files.writeString(dir.resolve("ospedale-san-carlo.yaml"), hospital);

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(PisGatewayApplication.class)
                .run("--pis.agreements.dir=" + dir, "--pis.data-dir=" + dir.resolve("data"), "--server.port=0",
                        "--pis.mllp.port=0", "--pis.mllps.port=0", "--pis.partner.https-port=0",
                        "--pis.tls.certs-dir=" + dir.resolve("certs"), "--spring.artemis.embedded.server-id=9")
                .close());

        assertThat(failure).isNotNull();
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof it.pis.gateway.agreement.InvalidAgreementsException)) {
            root = root.getCause();
        }
        assertThat(root.getMessage()).contains("ospedale-san-carlo.yaml", "inbound[0].accept[4]", "pattern");
    }
}
