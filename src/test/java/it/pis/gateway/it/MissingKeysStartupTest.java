package it.pis.gateway.it;

import it.pis.gateway.PisGatewayApplication;
import it.pis.gateway.crypto.GatewayKeysUnreadable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Keys provided, never generated (as in the production profile), and the gateway's certificate is
 * not there: start-up stops, and Spring Boot's failure report is one line naming the file, the
 * setting and the environment variable, instead of a bean-creation stack trace.
 */
class MissingKeysStartupTest {

    @Test
    void aMissingCertificateStopsStartUpWithOneLineNamingFileSettingAndVariable(@TempDir Path dir) throws IOException {
        Path certificate = dir.resolve("tls/gateway.crt");
        Files.createDirectories(dir.resolve("no-agreements"));

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(PisGatewayApplication.class)
                .run("--pis.tls.dev-certificates=false", "--pis.tls.certificate=" + certificate,
                        "--pis.tls.private-key=" + dir.resolve("tls/gateway.key"),
                        "--pis.tls.trusted-cas=" + dir.resolve("tls/trusted-cas.pem"),
                        "--pis.tls.certs-dir=" + dir.resolve("certs"), "--pis.data-dir=" + dir.resolve("data"),
                        // no agreements: their partner certificates are missing too, and which bean fails first is Spring's choice
                        "--pis.agreements.dir=" + dir.resolve("no-agreements"),
                        "--server.port=0", "--pis.mllp.port=0", "--pis.mllps.port=0", "--pis.partner.https-port=0",
                        "--spring.artemis.embedded.server-id=11")
                .close());

        assertThat(failure).isNotNull();
        FailureAnalysis analysis = analyzers().stream().map(a -> a.analyze(failure)).filter(Objects::nonNull)
                .findFirst().orElseThrow();
        assertThat(analysis.getDescription()).isEqualTo("cannot read the gateway's keys: " + certificate.toAbsolutePath()
                + " (pis.tls.certificate, PIS_TLS_CERTIFICATE in the production profile) does not exist");
        assertThat(analysis.getCause()).as("no stack trace in the report").isNull();
        assertThat(analysis.getAction()).contains("PIS_TLS_CERTIFICATE", "PIS_TLS_PRIVATE_KEY", "PIS_TLS_TRUSTED_CAS",
                "PIS_CERTS_DIR");
    }

    /** The gateway's own analyzers, as registered in META-INF/spring.factories (Spring Boot's need a bean factory). */
    private static List<FailureAnalyzer> analyzers() {
        return SpringFactoriesLoader.forDefaultResourceLocation().load(FailureAnalyzer.class,
                        SpringFactoriesLoader.FailureHandler.handleMessage((message, notInstantiable) -> { })).stream()
                .filter(a -> a.getClass().getName().startsWith("it.pis.gateway.crypto")).toList();
    }
}
