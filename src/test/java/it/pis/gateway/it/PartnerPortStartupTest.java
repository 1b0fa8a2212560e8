package it.pis.gateway.it;

import it.pis.gateway.PisGatewayApplication;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up in order: when the web server has started (the staff port opens, and Camel's routes do
 * not run yet), the partner HTTPS port still refuses connections; once the gateway has started, the
 * routes run and the partner port takes connections.
 */
class PartnerPortStartupTest {

    @Test
    void thePartnerPortOpensOnlyOnceTheRoutesRun(@TempDir Path dir) throws Exception {
        int partnerPort = FreePorts.next();
        AtomicReference<String> atWebServerStart = new AtomicReference<>();
        ApplicationListener<WebServerInitializedEvent> probe = event -> atWebServerStart.set(
                (accepts(partnerPort) ? "partner port open" : "partner port closed") + ", Camel "
                        + event.getApplicationContext().getBean(CamelContext.class).getStatus());

        try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(PisGatewayApplication.class)
                .listeners(probe)
                .run("--pis.data-dir=" + dir.resolve("data"), "--pis.tls.certs-dir=" + dir.resolve("certs"),
                        "--server.port=0", "--pis.mllp.port=0", "--pis.mllps.port=0",
                        "--pis.partner.https-port=" + partnerPort, "--spring.artemis.embedded.server-id=12")) {
            assertThat(atWebServerStart.get()).startsWith("partner port closed, Camel ").doesNotEndWith("Started");
            assertThat(gateway.getBean(CamelContext.class).isStarted()).isTrue();
            assertThat(accepts(partnerPort)).isTrue();
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
