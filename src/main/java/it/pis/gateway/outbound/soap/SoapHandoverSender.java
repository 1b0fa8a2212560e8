package it.pis.gateway.outbound.soap;

import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.OutboundTls;
import it.pis.gateway.outbound.DeliveryAttempt;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.MimeHeaders;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.soap.SOAPBinding;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.jaxws.ServiceImpl;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.ws.security.wss4j.WSS4JOutInterceptor;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends a journaled soap-handover envelope to the police partner with CXF: a JAX-WS
 * {@code Dispatch<SOAPMessage>} in MESSAGE mode per endpoint, built once and reused, whose
 * WSS4JOutInterceptor signs every attempt afresh ({@link GatewaySignature}), over mutual TLS with
 * the gateway's certificate and the host name verified. The bytes sent are the journaled envelope
 * plus the wsse:Security header.
 *
 * <p>It returns whatever the partner answered ({@link SoapReply}, judged by {@link SoapReplies});
 * only when no answer came at all does it throw {@link SoapUnreachable}, saying why.
 */
public class SoapHandoverSender implements AutoCloseable {

    /** {@code pis.outbound.soap.*}. */
    public record Settings(Duration connectTimeout, Duration receiveTimeout, Duration timestampTtl, int maxResponseBytes) {
    }

    private final Settings settings;
    private final Map<String, Object> signing;
    private final TLSClientParameters tls;
    private final Bus bus;
    private final MessageFactory saaj;
    private final Map<String, Dispatch<SOAPMessage>> dispatches = new ConcurrentHashMap<>();

    public SoapHandoverSender(GatewayKeys keys, OutboundTls tls, Settings settings) {
        this.settings = settings;
        this.signing = GatewaySignature.properties(keys, settings.timestampTtl());
        this.tls = tlsParameters(tls);
        // a bus of its own: the client's conduits and interceptors stay apart from the inbound SOAP service's
        this.bus = BusFactory.newInstance().createBus();
        try {
            this.saaj = MessageFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL);
        } catch (SOAPException e) {
            throw new IllegalStateException("no SAAJ implementation for SOAP 1.1", e);
        }
    }

    /**
     * Signs the attempt's envelope and posts it to the attempt's endpoint.
     *
     * @return the partner's answer, whatever its status
     * @throws SoapUnreachable when no answer came (connection refused, TLS refused, timed out...)
     */
    public SoapReply send(DeliveryAttempt attempt) {
        Dispatch<SOAPMessage> dispatch = dispatches.computeIfAbsent(attempt.endpoint(), this::dispatch);
        SOAPMessage request = envelope(attempt);
        RuntimeException failure = null;
        try {
            dispatch.invoke(request);
        } catch (RuntimeException e) {
            failure = e;
        }
        if (reply(request) instanceof SoapReply soapReply) {
            return soapReply;
        }
        throw new SoapUnreachable("no answer from " + attempt.endpoint() + ": " + why(failure), failure);
    }

    private static Object reply(SOAPMessage request) {
        try {
            return request.getProperty(ReplyCapture.KEY);
        } catch (SOAPException e) {
            return null;
        }
    }

    /** How many endpoints have a client (one per endpoint, reused by every attempt). */
    int clients() {
        return dispatches.size();
    }

    @Override
    public void close() {
        for (Dispatch<SOAPMessage> dispatch : dispatches.values()) {
            if (dispatch instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // its connections go with the bus below
                }
            }
        }
        bus.shutdown(true);
    }

    private SOAPMessage envelope(DeliveryAttempt attempt) {
        MimeHeaders headers = new MimeHeaders();
        headers.addHeader("Content-Type", InterventiContract.CONTENT_TYPE);
        try {
            return saaj.createMessage(headers, new ByteArrayInputStream(attempt.content()));
        } catch (SOAPException | IOException e) {
            throw new IllegalStateException("the journaled envelope of delivery " + attempt.deliveryId()
                    + " is not a SOAP 1.1 message: " + e.getMessage(), e);
        }
    }

    private Dispatch<SOAPMessage> dispatch(String endpoint) {
        ServiceImpl service = new ServiceImpl(bus, null, InterventiContract.SERVICE, null);
        service.addPort(InterventiContract.PORT, SOAPBinding.SOAP11HTTP_BINDING, endpoint);
        Dispatch<SOAPMessage> dispatch = service.createDispatch(InterventiContract.PORT, SOAPMessage.class,
                Service.Mode.MESSAGE);
        Map<String, Object> context = dispatch.getRequestContext();
        context.put(BindingProvider.SOAPACTION_USE_PROPERTY, Boolean.TRUE);
        context.put(BindingProvider.SOAPACTION_URI_PROPERTY, InterventiContract.ACTION);
        // every HTTP status reaches ReplyCapture (CXF would otherwise throw on 4xx/5xx other than 500 unread)
        context.put("org.apache.cxf.transport.no_io_exceptions", Boolean.TRUE);
        Client client = ((DispatchImpl<?>) dispatch).getClient();
        client.getOutInterceptors().add(new WSS4JOutInterceptor(signing));
        client.getInInterceptors().add(new ReplyCapture(settings.maxResponseBytes()));
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        conduit.setTlsClientParameters(tls);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(settings.connectTimeout().toMillis());
        policy.setReceiveTimeout(settings.receiveTimeout().toMillis());
        // Content-Length rather than chunks: older SOAP stacks and proxies in front of them refuse chunked requests
        policy.setAllowChunking(false);
        policy.setAutoRedirect(false);
        conduit.setClient(policy);
        return dispatch;
    }

    private static TLSClientParameters tlsParameters(OutboundTls tls) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(tls.keyStore(), tls.keyStorePassword());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(tls.trustStore());
            TLSClientParameters parameters = new TLSClientParameters();
            parameters.setKeyManagers(keys.getKeyManagers());
            parameters.setTrustManagers(trust.getTrustManagers());
            parameters.setDisableCNCheck(false);
            return parameters;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for SOAP deliveries", e);
        }
    }

    /** The cause in words, from the innermost exception that says something a person can act on. */
    private String why(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "no connection within " + settings.connectTimeout() + " (pis.outbound.soap.connect-timeout)";
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return "no answer within " + settings.receiveTimeout() + " (pis.outbound.soap.receive-timeout)";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SSLException) {
                return "TLS refused: " + t.getMessage();
            }
        }
        Throwable root = failure;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == null ? "no answer" : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
