package it.pis.gateway.receivers;

import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.Pem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.xml.soap.Detail;
import jakarta.xml.soap.MessageFactory;
import jakarta.xml.soap.SOAPConstants;
import jakarta.xml.soap.SOAPElement;
import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPFactory;
import jakarta.xml.soap.SOAPFault;
import jakarta.xml.soap.SOAPMessage;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import jakarta.xml.ws.soap.SOAPFaultException;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.configuration.security.ClientAuthentication;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.apache.cxf.ws.security.SecurityConstants;
import org.apache.cxf.ws.security.wss4j.CryptoCoverageChecker;
import org.apache.cxf.ws.security.wss4j.CryptoCoverageUtil.CoverageScope;
import org.apache.cxf.ws.security.wss4j.CryptoCoverageUtil.CoverageType;
import org.apache.cxf.ws.security.wss4j.WSS4JInInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.cache.MemoryReplayCache;
import org.apache.wss4j.common.crypto.Merlin;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A police partner's DeliverHandover service (wsdl/interventi.wsdl) for tests and the demo: a CXF
 * JAX-WS endpoint published on its own Jetty over HTTPS with client certificates required, whose
 * WSS4JInInterceptor verifies the signature as a partner would (Timestamp required and current,
 * signer's certificate issued by a trusted CA) and whose CryptoCoverageChecker refuses a request
 * whose Body, Timestamp or wsa:MessageID is not signed. Verified requests are checked against the
 * XSD, counted by wsa:MessageID and answered by {@link Mode}: the receipt (the same protocol id for
 * a resend), a soap:Server fault or a soap:Client fault. Every request is kept as received, refused
 * ones too.
 */
public final class SoapReceiver implements AutoCloseable {

    public enum Mode { ACCEPT, SERVER_FAULT, CLIENT_FAULT }

    public static final String PATH = "/soap/interventi";
    static final String NS = "urn:it:pis:gateway:interventi:v1";
    static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String WSA = "http://www.w3.org/2005/08/addressing";
    static final String WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    private final DevCertificates.Issued identity;
    private final List<X509Certificate> trustedCas;
    private final int port;
    private final String protocolPrefix;
    private final Schema schema;
    private final AtomicInteger registered = new AtomicInteger();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, String> protocolIds = new ConcurrentHashMap<>();
    private final Map<String, Instant> receivedAt = new ConcurrentHashMap<>();
    private final List<byte[]> requests = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<String> clientCertificates = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.ACCEPT;
    private volatile int failFirst;
    private volatile Duration delay = Duration.ZERO;
    private final MemoryReplayCache replayCache = new MemoryReplayCache();
    private Bus bus;
    private EndpointImpl endpoint;

    /**
     * A receiver on {@code port} (0: any free one) with a {@code localhost} server certificate
     * issued by the development CA of {@code certs} ({@code dev-ca.crt}/{@code .key}), trusting that
     * CA for TLS clients and signers.
     */
    public SoapReceiver(Path certs, int port) {
        this(localhostIdentity(certs), List.of(readCa(certs)), port);
    }

    public SoapReceiver(DevCertificates.Issued identity, List<X509Certificate> trustedCas, int port) {
        this.identity = identity;
        this.trustedCas = List.copyOf(trustedCas);
        this.port = port == 0 ? freePort() : port;
        this.protocolPrefix = "QMI-2026-";
        this.schema = schema();
    }

    public SoapReceiver start() {
        try {
            bus = BusFactory.newInstance().createBus();
            bus.getExtension(JettyHTTPServerEngineFactory.class).setTLSServerParametersForPort("localhost", port, tls());
            endpoint = new EndpointImpl(bus, new Interventi());
            endpoint.setWsdlLocation("classpath:wsdl/interventi.wsdl");
            endpoint.setServiceName(new QName(NS, "InterventiService"));
            endpoint.setEndpointName(new QName(NS, "InterventiPort"));
            endpoint.getProperties().put(SecurityConstants.RETURN_SECURITY_ERROR, Boolean.TRUE);
            // its own replay cache (CXF would share one per service name across receivers in this JVM)
            endpoint.getProperties().put(SecurityConstants.TIMESTAMP_CACHE_INSTANCE, replayCache);
            endpoint.getInInterceptors().add(new RawRequests());
            endpoint.getInInterceptors().add(new WSS4JInInterceptor(verification()));
            endpoint.getInInterceptors().add(coverage());
            endpoint.getOutFaultInterceptors().add(new Refusals());
            endpoint.publish(url());
            return this;
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot start the SOAP receiver on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "https://localhost:" + port + PATH;
    }

    /** How verified requests are answered from now on. */
    public SoapReceiver mode(Mode mode) {
        this.mode = mode;
        return this;
    }

    /** Answers soap:Server to the first {@code attempts} requests of each MessageID, then by mode. */
    public SoapReceiver failFirst(int attempts) {
        this.failFirst = attempts;
        return this;
    }

    /** Waits this long before answering (a slow partner). */
    public SoapReceiver delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Verified requests per wsa:MessageID, in the order first seen (faults answered included). */
    public Map<String, Integer> messageIds() {
        Map<String, Integer> result = new LinkedHashMap<>();
        counts.forEach((id, n) -> result.put(id, n.get()));
        return result;
    }

    public int count(String messageId) {
        AtomicInteger n = counts.get(messageId);
        return n == null ? 0 : n.get();
    }

    /** The protocol id answered for a MessageID, or null if it was never accepted. */
    public String protocolId(String messageId) {
        return protocolIds.get(messageId);
    }

    /** Every request body as received, in order, refused ones included. */
    public List<byte[]> requests() {
        return List.copyOf(requests);
    }

    /** The request bodies that carry this wsa:MessageID, in order. */
    public List<byte[]> requests(String messageId) {
        List<byte[]> matching = new ArrayList<>();
        for (byte[] request : requests) {
            if (messageId.equals(messageIdOf(request))) {
                matching.add(request);
            }
        }
        return matching;
    }

    /** The fault strings of every fault answered, refusals of unverifiable requests included. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    /** The subject of the TLS client certificate of each verified request. */
    public List<String> clientCertificates() {
        return List.copyOf(clientCertificates);
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.stop();
        }
        if (bus != null) {
            bus.shutdown(true);
        }
        JettyHTTPServerEngineFactory.destroyForPort(port);
        try {
            replayCache.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** The SOAP service itself, after CXF verified the signature and its coverage. */
    @WebServiceProvider(serviceName = "InterventiService", portName = "InterventiPort", targetNamespace = NS,
            wsdlLocation = "classpath:wsdl/interventi.wsdl")
    @ServiceMode(Service.Mode.MESSAGE)
    public final class Interventi implements Provider<SOAPMessage> {

        @Override
        public SOAPMessage invoke(SOAPMessage request) {
            try {
                pause();
                Element envelope = request.getSOAPPart().getDocumentElement();
                String messageId = messageIdOf(envelope);
                if (messageId == null) {
                    throw fault("Client", "MISSING_MESSAGE_ID", "the request has no wsa:MessageID header");
                }
                int attempt = counts.computeIfAbsent(messageId, id -> new AtomicInteger()).incrementAndGet();
                recordClientCertificate();
                Element body = firstElement(request.getSOAPBody());
                try {
                    schema.newValidator().validate(new DOMSource(body));
                } catch (SAXException e) {
                    throw fault("Client", "INVALID", "DeliverHandover does not match interventi.xsd: " + e.getMessage());
                }
                if (attempt <= failFirst || mode == Mode.SERVER_FAULT) {
                    throw fault("Server", "UNAVAILABLE", "protocol register temporarily unavailable, resend later");
                }
                if (mode == Mode.CLIENT_FAULT) {
                    throw fault("Client", "NOT_COMPETENT", "this office is not competent for the case: not registered");
                }
                boolean duplicate = protocolIds.containsKey(messageId);
                String protocolId = protocolIds.computeIfAbsent(messageId,
                        id -> protocolPrefix + String.format("%06d", registered.incrementAndGet()));
                Instant at = receivedAt.computeIfAbsent(messageId, id -> Instant.now());
                return response(protocolId, at, duplicate);
            } catch (SOAPException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void pause() {
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void recordClientCertificate() {
            Message current = PhaseInterceptorChain.getCurrentMessage();
            Object http = current == null ? null : current.get(AbstractHTTPDestination.HTTP_REQUEST);
            if (http instanceof HttpServletRequest servlet
                    && servlet.getAttribute("jakarta.servlet.request.X509Certificate") instanceof X509Certificate[] chain
                    && chain.length > 0) {
                clientCertificates.add(chain[0].getSubjectX500Principal().getName());
            }
        }

        private SOAPMessage response(String protocolId, Instant at, boolean duplicate) throws SOAPException {
            SOAPMessage message = MessageFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL).createMessage();
            SOAPElement response = message.getSOAPBody().addChildElement("DeliverHandoverResponse", "", NS);
            response.addChildElement("protocolId", "", NS).addTextNode(protocolId);
            response.addChildElement("receivedAt", "", NS).addTextNode(at.toString());
            if (duplicate) {
                response.addChildElement("duplicate", "", NS).addTextNode("true");
            }
            message.saveChanges();
            return message;
        }

        private SOAPFaultException fault(String code, String cause, String reason) throws SOAPException {
            SOAPFault fault = SOAPFactory.newInstance(SOAPConstants.SOAP_1_1_PROTOCOL)
                    .createFault(reason, new QName(SOAP11, code));
            Detail detail = fault.addDetail();
            SOAPElement refusal = detail.addDetailEntry(new QName(NS, "refusal"));
            refusal.addChildElement("cause", "", NS).addTextNode(cause);
            refusal.addChildElement("reason", "", NS).addTextNode(reason);
            return new SOAPFaultException(fault);
        }
    }

    /** Keeps each request body exactly as received, before anything parses it. */
    private final class RawRequests extends AbstractPhaseInterceptor<Message> {
        RawRequests() {
            super(Phase.RECEIVE);
        }

        @Override
        public void handleMessage(Message message) {
            InputStream in = message.getContent(InputStream.class);
            if (in == null) {
                return;
            }
            try {
                byte[] body = in.readAllBytes();
                requests.add(body);
                message.setContent(InputStream.class, new ByteArrayInputStream(body));
            } catch (IOException e) {
                throw new Fault(e);
            }
        }
    }

    /** Records the reason of every fault the receiver answers. */
    private final class Refusals extends AbstractPhaseInterceptor<Message> {
        Refusals() {
            super(Phase.PRE_STREAM);
        }

        @Override
        public void handleMessage(Message message) {
            Exception e = message.getContent(Exception.class);
            refusals.add(e == null ? "fault" : String.valueOf(e.getMessage()));
        }
    }

    /** WSS4J's checks as a partner configures them: Timestamp and X.509 signature, trust in the given CAs only. */
    private Map<String, Object> verification() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trustedCas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, trustedCas.get(i));
        }
        Merlin crypto = new Merlin();
        crypto.setTrustStore(trust);
        Map<String, Object> p = new HashMap<>();
        p.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        p.put(ConfigurationConstants.SIG_VER_PROP_REF_ID, "receiverTrust");
        p.put("receiverTrust", crypto);
        p.put(ConfigurationConstants.TTL_TIMESTAMP, "300");
        p.put(ConfigurationConstants.TTL_FUTURE_TIMESTAMP, "60");
        p.put(ConfigurationConstants.REQUIRE_TIMESTAMP_EXPIRES, "true");
        p.put(ConfigurationConstants.TIMESTAMP_STRICT, "true");
        return p;
    }

    /** Body, Timestamp and wsa:MessageID must each be covered by the signature. */
    private static CryptoCoverageChecker coverage() {
        Map<String, String> prefixes = Map.of("soapenv", SOAP11, "wsu", WSU, "wsse", WSSE, "wsa", WSA);
        return new CryptoCoverageChecker(prefixes, List.of(
                new CryptoCoverageChecker.XPathExpression("/soapenv:Envelope/soapenv:Body", CoverageType.SIGNED,
                        CoverageScope.ELEMENT),
                new CryptoCoverageChecker.XPathExpression("/soapenv:Envelope/soapenv:Header/wsse:Security/wsu:Timestamp",
                        CoverageType.SIGNED, CoverageScope.ELEMENT),
                new CryptoCoverageChecker.XPathExpression("/soapenv:Envelope/soapenv:Header/wsa:MessageID",
                        CoverageType.SIGNED, CoverageScope.ELEMENT)));
    }

    private TLSServerParameters tls() throws Exception {
        KeyStore keys = DevCertificates.pkcs12("receiver", identity);
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, DevCertificates.DEV_PASSWORD.toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trustedCas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, trustedCas.get(i));
        }
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(trust);
        TLSServerParameters parameters = new TLSServerParameters();
        parameters.setKeyManagers(km.getKeyManagers());
        parameters.setTrustManagers(tm.getTrustManagers());
        ClientAuthentication clientAuthentication = new ClientAuthentication();
        clientAuthentication.setWant(true);
        clientAuthentication.setRequired(true);
        parameters.setClientAuthentication(clientAuthentication);
        return parameters;
    }

    static String messageIdOf(byte[] request) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return messageIdOf(factory.newDocumentBuilder().parse(new ByteArrayInputStream(request)).getDocumentElement());
        } catch (Exception e) {
            return null;
        }
    }

    private static String messageIdOf(Element envelope) {
        var ids = envelope.getElementsByTagNameNS(WSA, "MessageID");
        return ids.getLength() == 0 ? null : ids.item(0).getTextContent().strip();
    }

    private static Element firstElement(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static Schema schema() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            return factory.newSchema(SoapReceiver.class.getResource("/wsdl/interventi.xsd"));
        } catch (SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A localhost TLS server certificate issued now by the development CA of {@code certs}. */
    public static DevCertificates.Issued localhostIdentity(Path certs) {
        try {
            DevCertificates.Issued ca = new DevCertificates.Issued(readCa(certs),
                    Pem.readPrivateKey(certs.resolve(DevCertificates.CA + ".key")), null);
            return DevCertificates.issue(ca, "localhost", Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(30)), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the development CA in " + certs, e);
        }
    }

    private static X509Certificate readCa(Path certs) {
        try {
            return Pem.readCertificate(certs.resolve(DevCertificates.CA + ".crt"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + certs.resolve(DevCertificates.CA + ".crt"), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
