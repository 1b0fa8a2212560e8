package it.pis.gateway.outbound.json;

import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/json-rest-out.yaml as the gateway loads it, with the HTTP client replaced by a mock that
 * answers as camel-http would: what leaves (bytes, Idempotency-Key, content type, address, and no
 * Camel or stray header) and what each answer becomes.
 */
class JsonRestOutRouteTest extends CamelTestSupport {

    static final String ENDPOINT = "https://api.cav-milano.example/pis/handover";
    static final byte[] CONTENT = {0x30, (byte) 0x82, 0x01, 0x02, 0x7f, 0x00, 0x41};

    final AtomicReference<Map<String, Object>> sentHeaders = new AtomicReference<>();
    final AtomicReference<byte[]> sentBody = new AtomicReference<>();

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        Properties settings = new Properties();
        settings.put("pis.outbound.json.connect-timeout", "10000");
        settings.put("pis.outbound.json.response-timeout", "60000");
        configuration.withUseOverridePropertiesWithPropertiesComponent(settings);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("jsonRestAnswers", new JsonRestAnswers(65_536, 10_000, 60_000));
        registry.bind("jsonRestTls", new SSLContextParameters());
        registry.bind("jsonRestClient", new JsonRestClient());
    }

    @BeforeEach
    void theRouteWithAMockReceiver() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "file:routes/json-rest-out.yaml"));
        AdviceWith.adviceWith(context, "deliver-json-rest",
                route -> route.weaveByToUri("https:json-rest-out*").replace().to("mock:receiver"));
        context.start();
    }

    /** The mock answers like camel-http with copyHeaders=false: response code, text and headers only. */
    void receiverAnswers(int status, String reason, Map<String, Object> headers, String body) {
        getMockEndpoint("mock:receiver").whenAnyExchangeReceived(exchange -> {
            Message message = exchange.getMessage();
            sentHeaders.set(new TreeMap<>(message.getHeaders()));
            sentBody.set(message.getBody(byte[].class));
            message.removeHeaders("*");
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            message.setHeader(Exchange.HTTP_RESPONSE_TEXT, reason);
            message.getHeaders().putAll(headers);
            message.setBody(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        });
    }

    DeliveryResult deliver(DeliveryAttempt attempt) {
        return template.requestBodyAndHeader("direct:deliver-json-rest", attempt, "internalHeader", "must not leave",
                DeliveryResult.class);
    }

    static DeliveryAttempt attempt() {
        UUID delivery = UUID.randomUUID();
        return new DeliveryAttempt(delivery, UUID.randomUUID(), "cav-milano", null, "json-rest", "json-handover", ENDPOINT,
                delivery.toString(), "application/pkcs7-mime; smime-type=enveloped-data", CONTENT, 1);
    }

    @Test
    void postsTheJournaledBytesUnchangedWithTheMessageIdAsIdempotencyKeyAndNothingElse() throws Exception {
        receiverAnswers(201, "Created", Map.of("Content-Type", "application/json"), "{\"status\":\"ACCEPTED\"}");
        DeliveryAttempt attempt = attempt();

        DeliveryResult result = deliver(attempt);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(result).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(result.detail()).isEqualTo("HTTP 201 Created");
        assertThat(new String(result.receipt().content(), StandardCharsets.UTF_8))
                .isEqualTo("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n\r\n{\"status\":\"ACCEPTED\"}");
        assertThat(sentBody.get()).isEqualTo(CONTENT);
        assertThat(sentHeaders.get()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "CamelHttpUri", ENDPOINT,
                "CamelHttpMethod", "POST",
                "Idempotency-Key", attempt.messageId(),
                "Content-Type", "application/pkcs7-mime; smime-type=enveloped-data",
                "Accept", "application/json"));
    }

    @Test
    void aServiceUnavailableAttemptFailsToBeRetried() {
        receiverAnswers(503, "Service Unavailable", Map.of("Retry-After", "30"), null);
        DeliveryResult result = deliver(attempt());

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).isEqualTo("HTTP 503 Service Unavailable (Retry-After: 30)");
    }

    @Test
    void aConflictWhileTheSameKeyIsInProgressFailsToBeRetried() {
        receiverAnswers(409, "Conflict", Map.of(), "{\"error\":\"a request with this Idempotency-Key is in progress\"}");
        assertThat(deliver(attempt())).isInstanceOf(DeliveryResult.Failed.class);
    }

    @Test
    void anUnprocessableDocumentIsRefusedWithTheReceiversReason() {
        receiverAnswers(422, "Unprocessable Content", Map.of("Content-Type", "application/json"),
                "{\"error\":\"/person: unknown field\"}");
        DeliveryResult result = deliver(attempt());

        assertThat(result).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(result.detail()).isEqualTo("HTTP 422 Unprocessable Content: {\"error\":\"/person: unknown field\"}");
        assertThat(result.receipt().kind()).isEqualTo("HTTP 422");
    }

    @Test
    void anEndpointThatIsNotHttpsGetsNothingAndTheAttemptFailsNamingIt() throws Exception {
        MockEndpoint receiver = getMockEndpoint("mock:receiver");
        receiver.expectedMessageCount(0);
        DeliveryAttempt https = attempt();
        DeliveryAttempt plain = new DeliveryAttempt(https.deliveryId(), https.handoverId(), https.partnerId(), null,
                https.channel(), https.format(), "http://api.cav-milano.example/pis/handover", https.messageId(),
                https.contentType(), https.content(), 1);

        DeliveryResult result = deliver(plain);

        MockEndpoint.assertIsSatisfied(context);
        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).isEqualTo("not sent: endpoint http://api.cav-milano.example/pis/handover is not"
                + " https, and json-rest deliveries go over TLS only (fix outbound.endpoint or"
                + " pis.outbound.endpoints.cav-milano)");
    }

    @Test
    void noAnswerInTimeFailsNamingTheEndpointAndTheSetting() {
        getMockEndpoint("mock:receiver").whenAnyExchangeReceived(exchange -> {
            throw new SocketTimeoutException("Read timed out");
        });
        DeliveryResult result = deliver(attempt());

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.receipt()).isNull();
        assertThat(result.detail()).startsWith("no answer from " + ENDPOINT + ": no response within 60000 ms"
                + " (pis.outbound.json.response-timeout)");
    }
}
