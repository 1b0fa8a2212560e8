package it.pis.gateway.inbound.soap;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.crypto.CertificateRefused;
import it.pis.gateway.crypto.CertificateTrust;
import it.pis.gateway.crypto.PartnerCertificates;
import it.pis.gateway.inbound.CertificateIdentification;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.inbound.InboundRejection.Cause;
import it.pis.gateway.inbound.InboundRejection.Kind;
import it.pis.gateway.inbound.MappingException;
import it.pis.gateway.inbound.PartnerRequest;
import it.pis.gateway.inbound.ReportAssembler;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;

/**
 * Steps of the SOAP channel (police), as routes/soap-in.yaml reads them:
 * <ol>
 * <li>{@link #identify}: parse the envelope as received (no DTD, no entities), read what it says
 *     (operation, message id, sender organisation), and find the agreement from the TLS client
 *     certificate; the operation must be one the agreement accepts;</li>
 * <li>{@link #verifySignature}: WS-Security as ModI ID_AUTH_SOAP_01 requires ({@link WsSecurityCheck}),
 *     the signer must be that same agreement's certificate, and the sender organisation its own;</li>
 * <li>{@link #map}: the request must match the service's XSD, then the agreement's mapping
 *     ({@link SoapPath} element paths) makes the Report.</li>
 * </ol>
 * The idempotency key is the WS-Addressing {@code MessageID} when the envelope has one, else the
 * request's {@code messageId}; it is compared by the content hash of the operation element
 * ({@link SoapContent}). Every refusal names its cause and the agreement rule.
 */
public class SoapIntake {

    public static final String CHANNEL = "soap";
    public static final String NAMESPACE = "urn:it:pis:gateway:segnalazioni:v1";
    static final String WS_ADDRESSING = "http://www.w3.org/2005/08/addressing";
    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    /** The whole answer to a DOCTYPE, whichever parser met it first (the parsers' own words add nothing a partner can use). */
    static final String DTD_REFUSED = "DTDs are refused (no DOCTYPE, no entities: XXE protection):"
            + " send the envelope without a DOCTYPE declaration";

    private final CertificateIdentification identification;
    private final PartnerCertificates certificates;
    private final WsSecurityCheck security;
    private final Schema schema;

    public SoapIntake(CertificateIdentification identification, PartnerCertificates certificates,
                      WsSecurityCheck security, Schema schema) {
        this.identification = identification;
        this.certificates = certificates;
        this.security = security;
        this.schema = schema;
    }

    /** Parses the envelope, notes what it claims and binds the TLS client certificate to its agreement. */
    public InboundMessage identify(PartnerRequest request) {
        InboundMessage message = new InboundMessage(CHANNEL, request.body());
        Document envelope = parse(message, request.body());
        Element root = envelope.getDocumentElement();
        if (!SOAP11.equals(root.getNamespaceURI()) || !"Envelope".equals(root.getLocalName())) {
            throw reject(message, Cause.UNPARSEABLE, "not a SOAP 1.1 envelope: the root element is {"
                    + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        Element body = child(root, SOAP11, "Body");
        Element operation = body == null ? null : firstElement(body);
        if (operation == null) {
            throw reject(message, Cause.UNPARSEABLE, "the soap:Body is empty: it must hold the operation, e.g. SubmitReport");
        }
        Element header = child(root, SOAP11, "Header");
        Element addressingId = header == null ? null : child(header, WS_ADDRESSING, "MessageID");
        String messageId = addressingId != null ? text(addressingId) : text(child(operation, NAMESPACE, "messageId"));
        message.claimed(text(child(operation, NAMESPACE, "senderOrganization")), messageId, operation.getLocalName())
                .decoded(null, new SoapData(envelope, operation))
                .fingerprinted(SoapContent.hash(operation), InboundMessage.KeyOrigin.MESSAGE);
        identification.identify(message, request.clientCertificates());
        requireQualifiedHeaderEntries(message, header);
        Agreement agreement = message.agreement();
        InboundChannel channel = agreement.inboundOn(CHANNEL).orElseThrow();
        if (!NAMESPACE.equals(operation.getNamespaceURI()) || !channel.accepts(operation.getLocalName())) {
            throw InboundRejection.notAccepted(message, "{" + operation.getNamespaceURI() + "}" + operation.getLocalName());
        }
        if (messageId == null) {
            throw reject(message, Cause.UNPARSEABLE, "messageId is empty (and there is no wsa:MessageID): it is the"
                    + " idempotency key, and a resend must repeat it");
        }
        return message;
    }

    /** SOAP 1.1, section 4.2: every child of soap:Header is namespace-qualified (SAAJ cannot even hold one that is not). */
    private static void requireQualifiedHeaderEntries(InboundMessage message, Element header) {
        for (Node n = header == null ? null : header.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element entry && (entry.getNamespaceURI() == null || entry.getNamespaceURI().isEmpty())) {
                throw reject(message, Cause.UNPARSEABLE, "soap:Header entry <" + entry.getLocalName() + "> has no namespace:"
                        + " SOAP 1.1 (section 4.2) requires every header entry to be namespace-qualified");
            }
        }
    }

    /**
     * ModI ID_AUTH_SOAP_01: Timestamp and Body signed, signer valid and trusted, and the signer is
     * the certificate of the agreement the TLS client certificate belongs to.
     */
    public InboundMessage verifySignature(InboundMessage message) {
        Agreement agreement = message.agreement();
        InboundChannel channel = agreement.inboundOn(CHANNEL).orElseThrow();
        String rule = "agreement " + agreement.id() + ", inbound[" + agreement.indexOf(channel) + "].modi ID_AUTH_SOAP_01";
        X509Certificate signer;
        try {
            signer = security.verify(((SoapData) message.protocolData()).envelope());
        } catch (SecurityRefusal e) {
            throw reject(message, e.refusalCause(), e.getMessage() + " (" + rule + ")");
        }
        X509Certificate own = certificates.certificateOf(agreement, CHANNEL).orElseThrow(() -> reject(message,
                Cause.CERTIFICATE_REFUSED, "agreement " + agreement.id() + " names no readable certificate (inbound["
                        + agreement.indexOf(channel) + "].identity.certificate)"));
        if (!own.equals(signer)) {
            String whose;
            try {
                whose = "agreement " + certificates.authenticate(new X509Certificate[] {signer}, CHANNEL).id() + "'s";
            } catch (CertificateRefused e) {
                whose = e.getMessage();
            }
            throw reject(message, Cause.IDENTITY_MISMATCH, "identity mismatch: the client certificate is agreement "
                    + agreement.id() + "'s, but the WS-Security signer " + CertificateTrust.describe(signer) + " is not"
                    + " (" + whose + "); the signer must be the agreement's own certificate (inbound["
                    + agreement.indexOf(channel) + "].identity.certificate, " + rule + ")");
        }
        identification.requireClaim(message, "organization", message.claimedIdentity(), "senderOrganization");
        return message;
    }

    /** Checks the request against the service's XSD, then maps it with the agreement's mapping. */
    public InboundMessage map(InboundMessage message) {
        SoapData data = (SoapData) message.protocolData();
        try {
            Validator validator = schema.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new DOMSource(data.operation()));
        } catch (SAXException e) {
            throw reject(message, Cause.INVALID, message.messageType() + " does not match the service's schema"
                    + " (wsdl/segnalazioni.xsd): " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        InboundChannel channel = message.agreement().inboundOn(CHANNEL).orElseThrow();
        try {
            return message.mapped(ReportAssembler.assemble(message, channel, new SoapSourceReader(data.operation())));
        } catch (MappingException e) {
            throw new InboundRejection(Kind.ERROR, Cause.MAPPING_FAILED, e.getMessage(), message);
        }
    }

    /**
     * A namespace-aware parser that refuses any DOCTYPE, so that no entity (external: XXE, or
     * recursive: "billion laughs") is ever declared, let alone expanded or fetched.
     */
    static Document parseSecurely(byte[] bytes) throws SAXException, IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(bytes));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be made safe", e);
        }
    }

    private static Document parse(InboundMessage message, byte[] bytes) {
        try {
            return parseSecurely(bytes);
        } catch (SAXException | IOException e) {
            String text = String.valueOf(e.getMessage());
            throw reject(message, Cause.UNPARSEABLE, text.contains("DOCTYPE") ? DTD_REFUSED : "not well-formed XML: " + text);
        }
    }

    private static Element child(Element parent, String namespace, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName()) && namespace.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element element) {
        if (element == null) {
            return null;
        }
        String text = element.getTextContent().strip();
        return text.isEmpty() ? null : text;
    }

    private static InboundRejection reject(InboundMessage message, Cause cause, String text) {
        return new InboundRejection(Kind.REJECT, cause, text, message);
    }
}
