package it.pis.gateway.outbound.json;

import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.OutboundTls;
import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.receivers.JsonReceiver;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/json-rest-out.yaml with camel-http for real, without Spring: over mutual TLS (the gateway's
 * development key as client certificate) to a JsonReceiver. One attempt is one request, whatever
 * the answer: retrying is the delivery core's business (journaled, with the agreement's backoff),
 * never the HTTP client's behind its back.
 */
class JsonRestOutWireTest extends CamelTestSupport {

    @TempDir
    static Path certs;
    static JsonReceiver receiver;
    static JsonHandoverRenderer renderer;

    @BeforeAll
    static void receiver() {
        renderer = new JsonHandoverRenderer(JsonCases.output(certs));
        receiver = new JsonReceiver(certs, JsonHandoverRenderer.SCHEMA, JsonCases.CAV, 0).start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties settings = new Properties();
        settings.put("pis.outbound.json.connect-timeout", "5000");
        settings.put("pis.outbound.json.response-timeout", "5000");
        configuration.withUseOverridePropertiesWithPropertiesComponent(settings);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        GatewayKeys gateway = new GatewayKeys(certs.resolve("gateway.crt"), certs.resolve("gateway.key"),
                certs.resolve("dev-ca.crt"));
        registry.bind("jsonRestAnswers", new JsonRestAnswers(65_536, 5_000, 5_000));
        registry.bind("jsonRestTls", new OutboundTlsParameters(new OutboundTls(gateway)));
        registry.bind("jsonRestClient", new JsonRestClient());
    }

    @BeforeEach
    void route() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "file:routes/json-rest-out.yaml"));
        context.start();
    }

    /** Renders Anna's handover to the centre as delivery {@code deliveryId} and sends it once. */
    DeliveryResult deliver(UUID deliveryId) {
        var agreement = JsonCases.demo(JsonCases.CAV);
        var document = JsonCases.document(JsonCases.annaHandover(List.of(JsonCases.CAV)), JsonCases.anna(), agreement,
                deliveryId);
        var rendered = renderer.render(document, agreement);
        DeliveryAttempt attempt = new DeliveryAttempt(deliveryId, document.handoverId(), JsonCases.CAV, agreement,
                "json-rest", "json-handover", receiver.url("/pis/handover"), rendered.messageId(), rendered.contentType(),
                rendered.content(), 1);
        return template.requestBody("direct:deliver-json-rest", attempt, DeliveryResult.class);
    }

    @Test
    void aDocumentIsAcknowledgedOverMutualTlsWithTheGatewaysCertificate() {
        UUID delivery = UUID.randomUUID();
        String key = delivery.toString();
        receiver.mode(JsonReceiver.Mode.ACCEPT);

        DeliveryResult result = deliver(delivery);

        assertThat(result).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(receiver.count(key)).isEqualTo(1);
        assertThat(receiver.received(key).get(0).clientSubject()).contains("CN=localhost");
        assertThat(new String(result.receipt().content())).startsWith("HTTP/1.1 201 Created\r\n")
                .contains("\"idempotencyKey\":\"" + key + "\"");
    }

    @Test
    void anUnavailableReceiverGetsOneRequestPerAttemptEvenWithRetryAfter() {
        UUID delivery = UUID.randomUUID();
        String key = delivery.toString();
        receiver.mode(JsonReceiver.Mode.UNAVAILABLE);
        try {
            DeliveryResult result = deliver(delivery);

            assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
            assertThat(result.detail()).startsWith("HTTP 503");
            assertThat(receiver.count(key)).isEqualTo(1);
        } finally {
            receiver.mode(JsonReceiver.Mode.ACCEPT);
        }
    }

    @Test
    void nobodyListeningIsAFailedAttemptNamingTheEndpoint() {
        var agreement = JsonCases.demo(JsonCases.CAV);
        DeliveryAttempt attempt = new DeliveryAttempt(UUID.randomUUID(), UUID.randomUUID(), JsonCases.CAV, agreement,
                "json-rest", "json-handover", "https://localhost:1/pis/handover", "m-1", "application/json",
                new byte[] {'{', '}'}, 1);

        DeliveryResult result = template.requestBody("direct:deliver-json-rest", attempt, DeliveryResult.class);

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).startsWith("no answer from https://localhost:1/pis/handover: connection refused");
    }
}
