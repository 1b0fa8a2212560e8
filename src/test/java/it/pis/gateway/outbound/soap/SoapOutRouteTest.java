package it.pis.gateway.outbound.soap;

import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/soap-out.yaml as the gateway loads it, with the sender replaced by a stand-in that answers
 * what each test wants (the real sender is tested against a real partner in SoapHandoverSenderTest)
 * and the real reader of answers: the route hands the attempt to the sender, turns its answer into
 * the delivery result, and turns any failure into a failed attempt instead of an error.
 */
class SoapOutRouteTest extends CamelTestSupport {

    /** Stands in for {@link SoapHandoverSender}: same method, answers from the test. */
    public static final class StandInSender {
        final List<DeliveryAttempt> received = new ArrayList<>();
        Function<DeliveryAttempt, SoapReply> answer;

        public SoapReply send(DeliveryAttempt attempt) {
            received.add(attempt);
            return answer.apply(attempt);
        }
    }

    final StandInSender sender = new StandInSender();

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("soapHandoverSender", sender);
        registry.bind("soapReplies", new SoapReplies());
    }

    @Override
    protected RoutesBuilder createRouteBuilder() throws Exception {
        return PluginHelper.getRoutesLoader(context)
                .findRoutesBuilders(ResourceHelper.resolveMandatoryResource(context, "file:routes/soap-out.yaml"))
                .iterator().next();
    }

    @Test
    void thePartnersReceiptAcknowledgesTheDeliveryOfExactlyTheAttemptGiven() {
        sender.answer = a -> reply(200, "<r:DeliverHandoverResponse xmlns:r='urn:it:pis:gateway:interventi:v1'>"
                + "<r:protocolId>QMI-2026-000007</r:protocolId><r:receivedAt>2026-11-26T06:41:03Z</r:receivedAt>"
                + "</r:DeliverHandoverResponse>");
        DeliveryAttempt attempt = attempt();

        Exchange done = deliver(attempt);

        assertThat(sender.received).containsExactly(attempt);
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isInstanceOfSatisfying(DeliveryResult.Acknowledged.class,
                r -> assertThat(r.detail()).isEqualTo("receipt QMI-2026-000007, received at 2026-11-26T06:41:03Z"));
    }

    @Test
    void aClientFaultRefusesAndAServerFaultFails() {
        sender.answer = a -> reply(500, "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>no</faultstring></soap:Fault>");
        Object refused = deliver(attempt()).getMessage().getBody();
        sender.answer = a -> reply(500, "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>later</faultstring></soap:Fault>");
        Object failed = deliver(attempt()).getMessage().getBody();

        assertThat(refused).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(failed).isInstanceOf(DeliveryResult.Failed.class);
    }

    @Test
    void aPartnerThatCannotBeReachedIsAFailedAttemptWithItsCauseNotAnError() {
        sender.answer = a -> {
            throw new SoapUnreachable("no answer from " + a.endpoint() + ": no answer within PT60S"
                    + " (pis.outbound.soap.receive-timeout)", null);
        };

        Exchange done = deliver(attempt());

        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isInstanceOfSatisfying(DeliveryResult.Failed.class, r -> {
            assertThat(r.detail()).isEqualTo("no answer from https://localhost:9443/soap/interventi: no answer within PT60S"
                    + " (pis.outbound.soap.receive-timeout)");
            assertThat(r.receipt()).isNull();
        });
    }

    @Test
    void anyOtherFailureOfTheTransportIsAFailedAttemptNamingIt() {
        sender.answer = a -> {
            throw new IllegalStateException("the journaled envelope is not a SOAP 1.1 message");
        };

        Object result = deliver(attempt()).getMessage().getBody();

        assertThat(result).isInstanceOfSatisfying(DeliveryResult.Failed.class, r -> assertThat(r.detail())
                .isEqualTo("the SOAP transport failed: java.lang.IllegalStateException: the journaled envelope is not a"
                        + " SOAP 1.1 message"));
    }

    private Exchange deliver(DeliveryAttempt attempt) {
        return template.request("direct:deliver-soap", exchange -> exchange.getMessage().setBody(attempt));
    }

    private static DeliveryAttempt attempt() {
        UUID delivery = UUID.randomUUID();
        return new DeliveryAttempt(delivery, UUID.randomUUID(), "questura-milano", null, "soap",
                SoapHandoverRenderer.FORMAT, "https://localhost:9443/soap/interventi", "urn:uuid:" + delivery,
                InterventiContract.CONTENT_TYPE, "<soap:Envelope/>".getBytes(StandardCharsets.UTF_8), 1);
    }

    private static SoapReply reply(int status, String body) {
        String envelope = "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body>" + body
                + "</soap:Body></soap:Envelope>";
        return new SoapReply(status, "text/xml", envelope.getBytes(StandardCharsets.UTF_8), false);
    }
}
