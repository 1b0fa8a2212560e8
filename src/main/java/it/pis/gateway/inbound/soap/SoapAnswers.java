package it.pis.gateway.inbound.soap;

import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import org.apache.camel.Exchange;

/** Last step of routes/soap-in.yaml: what the SOAP endpoint answers, accepted or refused. */
public class SoapAnswers {

    /** The report id once the journal holds the message; {@code duplicate} for a resend. */
    public SoapAnswer accepted(InboundMessage message) {
        return SoapAnswer.accepted(message.reportId(), message.outcome() == InboundMessage.Outcome.DUPLICATE);
    }

    /** The refusal the route caught (after the journal recorded it), as the SOAP Fault to send. */
    public SoapAnswer rejected(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof InboundRejection rejection) {
            return SoapAnswer.refused(rejection.cause(), rejection.getMessage());
        }
        // a defect of the gateway, not of the message: soap:Server, the partner resends
        return new SoapAnswer(null, false, "INTERNAL", "internal error of the gateway ("
                + (caught == null ? "unknown" : caught.getClass().getSimpleName()) + "): the report was NOT accepted,"
                + " please resend", true);
    }
}
