package it.pis.gateway.inbound.soap;

import it.pis.gateway.inbound.PartnerRequests;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

import javax.xml.namespace.QName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * First interceptor of the SOAP endpoint (RECEIVE phase, before CXF parses anything): keeps the
 * request's bytes as received, its headers and the TLS client chain as a {@link PartnerRequest},
 * so that the route checks the signature on exactly these bytes and the journal stores them even
 * when CXF itself cannot read the envelope. A body above {@code pis.soap.max-message-bytes} is
 * refused here (the prefix is journaled by {@link SoapRefusals}).
 *
 * <p>It also tells CXF that the channel handles {@code wsse:Security} (checked by the route's
 * {@link WsSecurityCheck}), so that a mustUnderstand header is not refused before that check.
 */
final class SoapCapture extends AbstractSoapInterceptor {

    static final String REQUEST = SoapCapture.class.getName() + ".request";
    private static final QName SECURITY = new QName(
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd", "Security");

    private final int maxBytes;

    SoapCapture(int maxBytes) {
        super(Phase.RECEIVE);
        this.maxBytes = maxBytes;
    }

    @Override
    public Set<QName> getUnderstoodHeaders() {
        return Set.of(SECURITY);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        InputStream in = message.getContent(InputStream.class);
        if (in == null || "GET".equals(message.get(Message.HTTP_REQUEST_METHOD))) {
            return;
        }
        byte[] body;
        try {
            body = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new Fault(e);
        }
        HttpServletRequest http = (HttpServletRequest) message.get(AbstractHTTPDestination.HTTP_REQUEST);
        message.getExchange().put(REQUEST, PartnerRequests.of(http, SoapIntake.CHANNEL, "SubmitReport", body));
        if (body.length > maxBytes) {
            throw new SoapRefusals.TooLarge("request of more than " + maxBytes
                    + " bytes exceeds the SOAP endpoint's limit (pis.soap.max-message-bytes)");
        }
        message.setContent(InputStream.class, new ByteArrayInputStream(body));
    }
}
