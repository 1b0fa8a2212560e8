package it.pis.gateway.outbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.Outbound;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.ModiRestSigner;
import it.pis.gateway.crypto.OutboundTls;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.receivers.FhirReceiver;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * routes/fhir-rest-out.yaml as written, in a plain Camel context with its beans, posting the real
 * rendered Bundle over real mutual TLS to a real FHIR receiver that checks the ModI signature on
 * its own: no HTTP mock, since the HTTP server runs here. Each status maps to its delivery result.
 */
class FhirRestOutRouteTest extends CamelTestSupport {

    @TempDir
    static Path certs;
    static FhirReceiver receiver;
    static Rendered bundle;

    @BeforeAll
    static void pkiReceiverAndDocument() {
        DevCertificates.ensure(certs, java.util.List.of());
        receiver = new FhirReceiver(certs).start();
        bundle = new FhirDocumentRenderer(FhirContext.forR4(), ZoneId.of("Europe/Rome")).render(HandoverCases.everything(), null);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void freshReceiver() {
        receiver.reset();
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        GatewayKeys keys = new GatewayKeys(certs.resolve("gateway.crt"), certs.resolve("gateway.key"),
                certs.resolve("dev-ca.crt"));
        ModiRestSigner signer = new ModiRestSigner(keys, "pis-milano", Duration.ofMinutes(5), Clock.systemUTC());
        registry.bind("fhirRestClient", new FhirRestClient(new OutboundTls(keys), signer,
                new FhirRestSettings(Duration.ofSeconds(5), Duration.ofSeconds(2), 4096, true)));
        registry.bind("fhirRestResults", new FhirRestResults(FhirContext.forR4()));
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        return PluginHelper.getRoutesLoader(context).findRoutesBuilders(
                ResourceHelper.resolveMandatoryResource(context, "file:routes/fhir-rest-out.yaml")).toArray(RoutesBuilder[]::new);
    }

    static DeliveryAttempt attempt(String endpoint, String sign) {
        Agreement csm = new Agreement("csm-milano-nord", "mental-health", "CSM", "test", java.util.List.of(),
                new Outbound("fhir-rest", endpoint, "fhir-document", sign, "tls-only", null, null, null), null);
        return new DeliveryAttempt(HandoverCases.DELIVERY_ID, HandoverCases.HANDOVER_ID, csm.id(), csm, "fhir-rest",
                "fhir-document", endpoint, bundle.messageId(), bundle.contentType(), bundle.content(), 1);
    }

    DeliveryResult deliver(DeliveryAttempt attempt) {
        return template.requestBody("direct:deliver-fhir-rest", attempt, DeliveryResult.class);
    }

    @Test
    void a201IsAcknowledgedWithTheWholeAnswerAsReceiptAndTheReceiverGotTheExactBytesSigned() {
        DeliveryResult result = deliver(attempt(receiver.base(), "jws"));

        assertThat(result).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(result.detail()).startsWith("HTTP 201 Created from " + receiver.base() + "/Bundle (Location "
                + receiver.base() + "/Bundle/1/_history/1): information informational: stored " + bundle.messageId());
        assertThat(result.receipt().kind()).isEqualTo("HTTP 201");
        assertThat(result.receipt().contentType()).isEqualTo("message/http");
        String receipt = new String(result.receipt().content(), StandardCharsets.UTF_8);
        assertThat(receipt).startsWith("HTTP/1.1 201 Created\r\n").containsIgnoringCase("\r\nLocation: " + receiver.base()).contains(
                "\r\n\r\n{\"resourceType\":\"OperationOutcome\"");
        assertThat(receiver.problems()).isEmpty();
        assertThat(receiver.bodies()).singleElement().isEqualTo(bundle.content());
        assertThat(receiver.counts()).containsExactly(Map.entry(bundle.messageId(), 1));
        FhirReceiver.Received received = receiver.received().get(0);
        assertThat(received.headers()).containsEntry("content-type", "application/fhir+json")
                .containsEntry("if-none-exist", "identifier=urn:ietf:rfc:3986|" + bundle.messageId())
                .containsKey("agid-jwt-signature");
        assertThat(received.clientCertificate().getSubjectX500Principal().getName()).contains("CN=localhost");
    }

    @Test
    void everyAttemptIsSignedAfreshAndAResentBundleIsAnswered200ByAConditionalCreate() {
        assertThat(deliver(attempt(receiver.base(), "jws"))).isInstanceOf(DeliveryResult.Acknowledged.class);
        DeliveryResult again = deliver(attempt(receiver.base(), "jws"));

        assertThat(again).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(again.detail()).startsWith("HTTP 200 OK");
        assertThat(receiver.problems()).isEmpty();
        assertThat(receiver.received()).extracting(FhirReceiver.Received::jti).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(receiver.counts()).containsExactly(Map.entry(bundle.messageId(), 2));
    }

    @Test
    void a503IsAFailedAttemptToRetry() {
        receiver.mode(FhirReceiver.Mode.UNAVAILABLE);

        DeliveryResult result = deliver(attempt(receiver.base(), "jws"));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).isEqualTo("HTTP 503 Service Unavailable from " + receiver.base()
                + "/Bundle: error transient: the FHIR server is in maintenance, try again later (Retry-After 1)");
        assertThat(result.receipt().kind()).isEqualTo("HTTP 503");
    }

    @Test
    void a422IsRefusedNamingWhatThePartnerSaid() {
        receiver.mode(FhirReceiver.Mode.REFUSE);

        DeliveryResult result = deliver(attempt(receiver.base(), "jws"));

        assertThat(result).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(result.detail()).contains("HTTP 422 Unprocessable", "error processing: Bundle " + bundle.messageId()
                + " refused: the patient is not known to this service");
    }

    @Test
    void otherStatusesMapAsTheirMeaningSays() {
        Map<Integer, Class<? extends DeliveryResult>> expected = Map.of(400, DeliveryResult.Refused.class,
                404, DeliveryResult.Refused.class, 408, DeliveryResult.Failed.class, 429, DeliveryResult.Failed.class,
                500, DeliveryResult.Failed.class, 202, DeliveryResult.Acknowledged.class);
        expected.forEach((status, type) -> {
            receiver.nextAnswer(status, Map.of(), "");
            DeliveryResult result = deliver(attempt(receiver.base(), "jws"));
            assertThat(result).as("HTTP " + status).isInstanceOf(type);
            assertThat(result.detail()).startsWith("HTTP " + status);
        });
        assertThat(receiver.problems()).isEmpty();
    }

    @Test
    void aHugeAnswerIsKeptOnlyUpToTheReceiptLimit() {
        receiver.nextAnswer(500, Map.of("Content-Type", "text/plain"), "errore interno ".repeat(20_000));

        DeliveryResult result = deliver(attempt(receiver.base(), "jws"));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).startsWith("HTTP 500 Internal Server Error").endsWith("(answer cut at pis.outbound.fhir.max-receipt-bytes)");
        assertThat(result.receipt().content().length).isLessThan(4096 + 500);
    }

    @Test
    void aRedirectIsNeverFollowedAndIsAFailedAttemptNamingWhere() {
        FhirReceiver elsewhere = new FhirReceiver(certs).start();
        try {
            receiver.nextAnswer(307, Map.of("Location", elsewhere.base() + "/Bundle"), "");

            DeliveryResult result = deliver(attempt(receiver.base(), "jws"));

            assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
            assertThat(result.detail()).contains("HTTP 307 Temporary Redirect", "redirect to " + elsewhere.base()
                    + "/Bundle not followed");
            assertThat(elsewhere.received()).isEmpty();
        } finally {
            elsewhere.close();
        }
    }

    @Test
    void aSlowPartnerIsAFailedAttemptNamingTheTimeout() {
        receiver.delay(Duration.ofSeconds(3));

        DeliveryResult result = deliver(attempt(receiver.base(), "jws"));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).contains(receiver.base() + "/Bundle", "within PT2S", "pis.outbound.fhir.response-timeout");
        assertThat(result.receipt()).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
    }

    @Test
    void aPartnerThatIsDownIsAFailedAttemptNamingTheConnection() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        DeliveryResult result = deliver(attempt("https://localhost:" + closed + "/fhir", "jws"));

        assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(result.detail()).startsWith("cannot connect to https://localhost:" + closed + "/fhir/Bundle");
    }

    @Test
    void aServerTheGatewayDoesNotTrustIsAFailedAttemptNamingTls(@TempDir Path otherPki) throws Exception {
        DevCertificates.ensure(otherPki, java.util.List.of());
        FhirReceiver stranger = new FhirReceiver(otherPki).start();
        try {
            DeliveryResult result = deliver(attempt(stranger.base(), "jws"));

            assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
            assertThat(result.detail()).startsWith("TLS with " + stranger.base() + "/Bundle failed")
                    .contains("pis.tls.trusted-cas");
            assertThat(stranger.received()).isEmpty();
        } finally {
            stranger.close();
        }
        assertThat(Pem.readCertificate(otherPki.resolve("dev-ca.crt"))).isNotEqualTo(Pem.readCertificate(certs.resolve("dev-ca.crt")));
    }

    @Test
    void anAgreementWithoutSignatureSendsNoModiHeaders() {
        FhirReceiver unsigned = new FhirReceiver(certs, 0, false).start();
        try {
            DeliveryResult result = deliver(attempt(unsigned.base(), "none"));

            assertThat(result).isInstanceOf(DeliveryResult.Acknowledged.class);
            assertThat(unsigned.received()).singleElement().satisfies(r -> {
                assertThat(r.headers()).doesNotContainKeys("digest", "agid-jwt-signature");
                assertThat(r.jti()).isNull();
            });
        } finally {
            unsigned.close();
        }
    }

    @Test
    void anEndpointThatIsNotHttpsFailsTheAttemptNamingIt() {
        // the exception reaches the dispatcher, which records a failed attempt with its root cause
        assertThatThrownBy(() -> deliver(attempt("http://localhost:1/fhir", "jws")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("endpoint http://localhost:1/fhir is not an https:// FHIR base: fhir-rest delivers"
                        + " over mutual TLS only");
    }

    @Test
    void theBundleUrlIsTheBasePlusBundle() {
        assertThat(FhirRestClient.bundleUrl("https://fhir.example/fhir/").toString()).isEqualTo("https://fhir.example/fhir/Bundle");
        assertThat(FhirRestClient.bundleUrl("https://fhir.example:8443").toString()).isEqualTo("https://fhir.example:8443/Bundle");
    }
}
