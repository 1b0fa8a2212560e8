package it.pis.gateway.inbound.json;

import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonAnswersTest {

    private final JsonAnswers answers = new JsonAnswers();

    @Test
    void aRefusalAnswersItsCausesStatusWithTheReasonAndTheJournalId() {
        InboundMessage message = new InboundMessage("json-rest", new byte[0]);
        JsonReply reply = answers.rejected(failedWith(new InboundRejection(InboundRejection.Kind.REJECT,
                InboundRejection.Cause.TYPE_NOT_ACCEPTED, "agreement uds-milano does not accept BedAvailability (inbound[0].accept)", message)));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("\"cause\":\"TYPE_NOT_ACCEPTED\"", "(inbound[0].accept)",
                "\"messageId\":\"" + message.id() + "\"");
    }

    @Test
    void anInternalFailureAsksThePartnerToResendRatherThanGiveUp() {
        JsonReply reply = answers.rejected(failedWith(new IllegalStateException("bug")));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body()).contains("\"cause\":\"INTERNAL\"", "NOT stored, please resend");
    }

    private static Exchange failedWith(Exception e) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
        return exchange;
    }
}
