package it.pis.gateway.outbound.soap;

import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * First step of the client's inbound chain: keeps the partner's answer exactly as received (status,
 * Content-Type, bytes) before CXF parses it, so that the answer is journaled as evidence and judged
 * by {@link SoapReplies} whatever CXF makes of it (a fault, an HTML error page, a truncated body).
 * It is handed back as a property ({@link #KEY}) of the request's own SAAJ message, which belongs
 * to this one call: the client's request and response contexts are shared by the threads that use it,
 * and CXF does not fill the response context when the answer cannot be parsed.
 */
final class ReplyCapture extends AbstractPhaseInterceptor<Message> {

    static final String KEY = SoapReply.class.getName();

    private final int maxBytes;

    ReplyCapture(int maxBytes) {
        super(Phase.RECEIVE);
        this.maxBytes = maxBytes;
    }

    @Override
    public void handleMessage(Message message) {
        InputStream in = message.getContent(InputStream.class);
        Object status = message.get(Message.RESPONSE_CODE);
        try {
            byte[] body = in == null ? new byte[0] : in.readNBytes(maxBytes + 1);
            boolean truncated = body.length > maxBytes;
            if (truncated) {
                body = Arrays.copyOf(body, maxBytes);
            }
            SoapReply reply = new SoapReply(status instanceof Integer code ? code : -1,
                    (String) message.get(Message.CONTENT_TYPE), body, truncated);
            SOAPMessage request = message.getExchange().getOutMessage().getContent(SOAPMessage.class);
            if (request != null) {
                request.setProperty(KEY, reply);
            }
            message.setContent(InputStream.class, new ByteArrayInputStream(body));
        } catch (IOException | SOAPException e) {
            throw new Fault(e);
        }
    }
}
