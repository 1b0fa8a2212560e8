package it.pis.gateway.inbound.soap;

import it.pis.gateway.inbound.PartnerRequest;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.SOAPElement;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.phase.PhaseInterceptorChain;

/**
 * The SubmitReport service of wsdl/segnalazioni.wsdl, kept thin: it hands the request as received
 * ({@link SoapCapture} kept its bytes and the TLS client chain) to {@code direct:soap-in}, where
 * routes/soap-in.yaml reads the steps, and turns the route's {@link SoapAnswer} into the response
 * or a {@link RefusalFault}.
 */
@WebServiceProvider(serviceName = "SegnalazioniService", portName = "SegnalazioniPort",
        targetNamespace = SoapIntake.NAMESPACE, wsdlLocation = SoapConfiguration.WSDL)
@ServiceMode(Service.Mode.MESSAGE)
public class SoapEndpoint implements Provider<SOAPMessage> {

    private final ProducerTemplate routes;
    // looked up once: MessageFactory.newInstance() searches the classpath on every call
    private final MessageFactory messages;

    public SoapEndpoint(ProducerTemplate routes) {
        this.routes = routes;
        try {
            this.messages = MessageFactory.newInstance();
        } catch (SOAPException e) {
            throw new IllegalStateException("no SAAJ implementation for SOAP 1.1 responses", e);
        }
    }

    @Override
    public SOAPMessage invoke(SOAPMessage ignored) {
        PartnerRequest request = (PartnerRequest) PhaseInterceptorChain.getCurrentMessage().getExchange()
                .get(SoapCapture.REQUEST);
        if (request == null) {
            // a GET without ?wsdl: no message was sent, so there is nothing to journal
            throw new RefusalFault("UNPARSEABLE", "no SOAP request: send SubmitReport as an HTTP POST of a SOAP 1.1"
                    + " envelope; the WSDL is at ?wsdl", false, true);
        }
        SoapAnswer answer = routes.requestBody("direct:soap-in", request, SoapAnswer.class);
        if (answer == null) {
            throw new RefusalFault("INTERNAL", "internal error of the gateway: no answer, please resend", true, false);
        }
        if (answer.refused()) {
            throw new RefusalFault(answer.cause(), answer.reason(), answer.server(), true);
        }
        return response(answer);
    }

    private SOAPMessage response(SoapAnswer answer) {
        try {
            SOAPMessage message = messages.createMessage();
            SOAPElement response = message.getSOAPBody().addChildElement("SubmitReportResponse", "", SoapIntake.NAMESPACE);
            response.addChildElement("reportId", "", SoapIntake.NAMESPACE).addTextNode(answer.reportId());
            response.addChildElement("duplicate", "", SoapIntake.NAMESPACE).addTextNode(String.valueOf(answer.duplicate()));
            message.saveChanges();
            return message;
        } catch (SOAPException e) {
            // the report is stored: the partner resends and gets the same id as a duplicate
            throw new RefusalFault("INTERNAL", "the report was stored but the response could not be built ("
                    + e.getMessage() + "): resend to get its id", true, true);
        }
    }
}
