package it.pis.gateway.inbound.soap;

import it.pis.gateway.inbound.CertificateIdentification;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.inbound.InboundRejection.Cause;
import it.pis.gateway.inbound.InboundRejection.Kind;
import it.pis.gateway.inbound.PartnerRequest;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Out-fault interceptor of the SOAP endpoint, for what CXF refuses before the route runs (a body
 * too large, an envelope it cannot read, a DOCTYPE: CXF's own parser refuses DTDs too): the
 * refusal is journaled through {@code direct:soap-refused} (the same {@code inboundJournal.reject}
 * as every route's doCatch, attributed to the partner when its TLS certificate is known) and the
 * fault is rewritten as the channel's {@link RefusalFault}: soap:Client with a clear reason and the
 * cause in its detail. Faults the route produced are journaled already and pass unchanged.
 */
final class SoapRefusals extends AbstractPhaseInterceptor<Message> {

    /** A request refused before parsing for its size. */
    static final class TooLarge extends Fault {
        TooLarge(String message) {
            super(new IllegalArgumentException(message), FAULT_CODE_CLIENT);
            setMessage(message);
        }
    }

    private final ProducerTemplate routes;
    private final CertificateIdentification identification;

    SoapRefusals(ProducerTemplate routes, CertificateIdentification identification) {
        super(Phase.PRE_LOGICAL);
        this.routes = routes;
        this.identification = identification;
    }

    @Override
    public void handleMessage(Message message) {
        if (!(message.getContent(Exception.class) instanceof Fault fault) || journaled(fault)) {
            return;
        }
        PartnerRequest request = (PartnerRequest) message.getExchange().get(SoapCapture.REQUEST);
        if (request == null) {
            return;
        }
        Cause cause = fault instanceof TooLarge ? Cause.TOO_LARGE : Cause.UNPARSEABLE;
        String reason = fault instanceof TooLarge ? fault.getMessage() : unreadable(fault);
        InboundMessage inbound = new InboundMessage(SoapIntake.CHANNEL, request.body());
        try {
            identification.identify(inbound, request.clientCertificates());
        } catch (InboundRejection unknownSender) {
            // journaled without a partner; the envelope's problem is the reason given
        }
        InboundRejection rejection = new InboundRejection(Kind.REJECT, cause, reason, inbound);
        routes.send("direct:soap-refused", exchange -> {
            exchange.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, rejection);
            exchange.getMessage().setBody(inbound);
        });
        RefusalFault refusal = new RefusalFault(cause.name(), reason, false, true);
        fault.setMessage(reason);
        fault.setFaultCode(Fault.FAULT_CODE_CLIENT);
        fault.setDetail(refusal.getDetail());
    }

    private static boolean journaled(Throwable fault) {
        for (Throwable t = fault; t != null; t = t.getCause()) {
            if (t instanceof RefusalFault refusal && refusal.journaled()) {
                return true;
            }
        }
        return false;
    }

    private static String unreadable(Fault fault) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = fault; t != null && text.length() < 600; t = t.getCause()) {
            if (t.getMessage() != null && !text.toString().contains(t.getMessage())) {
                text.append(text.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        String detail = text.length() > 0 ? text.toString()
                : "CXF could not read the envelope (" + fault.getClass().getSimpleName() + ")";
        boolean dtd = detail.toUpperCase(java.util.Locale.ROOT).contains("DTD") || detail.contains("DOCTYPE");
        return dtd ? SoapIntake.DTD_REFUSED : "unreadable SOAP 1.1 request: " + detail;
    }
}
