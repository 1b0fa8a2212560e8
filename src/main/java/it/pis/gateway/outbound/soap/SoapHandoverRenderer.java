package it.pis.gateway.outbound.soap;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.HandoverRenderer;
import it.pis.gateway.outbound.OutboundEndpoints;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.UnrenderableHandover;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Format {@code soap-handover}: the police partner's DeliverHandover request (wsdl/interventi.wsdl)
 * as a complete SOAP 1.1 envelope, with the WS-Addressing headers MessageID
 * ({@code urn:uuid:<delivery id>}, the same at every attempt), To (the recipient's endpoint) and
 * Action, and the body per wsdl/interventi.xsd holding only what the recipient's document carries.
 *
 * <p>The WS-Security header is not rendered: its Timestamp must be fresh at every attempt, so the
 * transport signs (routes/soap-out.yaml). To keep the journaled bytes and the bytes on the wire the
 * same document, the elements the signature covers already carry their {@code wsu:Id} here, and
 * signing only adds the wsse:Security header.
 *
 * <p>The body is checked against the schema before it is journaled: a document the partner would
 * refuse (a text too long, a required element missing) is refused when the handover is made, naming
 * the element, rather than at the first attempt.
 */
public final class SoapHandoverRenderer implements HandoverRenderer {

    public static final String FORMAT = "soap-handover";
    /** The wsu:Id of each element the transport signs besides the Timestamp. */
    public static final String BODY_ID = "id-body";
    public static final String MESSAGE_ID_ID = "id-messageid";
    public static final String TO_ID = "id-to";
    public static final String ACTION_ID = "id-action";

    private final OutboundEndpoints endpoints;

    public SoapHandoverRenderer(OutboundEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Rendered render(HandoverDocument document, Agreement recipient) {
        String messageId = "urn:uuid:" + document.deliveryId();
        byte[] envelope = envelope(document, messageId, endpoints.of(recipient));
        checkAgainstSchema(envelope);
        return new Rendered(messageId, InterventiContract.CONTENT_TYPE, envelope);
    }

    private static byte[] envelope(HandoverDocument document, String messageId, String to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            IndentedXml xml = new IndentedXml(bytes);
            xml.start("soap", "Envelope", InterventiContract.SOAP11);
            xml.raw().writeNamespace("soap", InterventiContract.SOAP11);
            xml.raw().writeNamespace("wsa", InterventiContract.WSA);
            xml.raw().writeNamespace("wsu", InterventiContract.WSU);
            xml.start("soap", "Header", InterventiContract.SOAP11);
            addressing(xml, "MessageID", MESSAGE_ID_ID, messageId);
            addressing(xml, "To", TO_ID, to);
            addressing(xml, "Action", ACTION_ID, InterventiContract.ACTION);
            xml.end();
            xml.start("soap", "Body", InterventiContract.SOAP11);
            xml.raw().writeAttribute("wsu", InterventiContract.WSU, "Id", BODY_ID);
            HandoverBody.write(xml, document, messageId);
            xml.end();
            xml.end();
            xml.finish();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the SOAP envelope of handover " + document.handoverId(), e);
        }
        return bytes.toByteArray();
    }

    private static void addressing(IndentedXml xml, String header, String id, String value) throws XMLStreamException {
        xml.start("wsa", header, InterventiContract.WSA);
        xml.raw().writeAttribute("wsu", InterventiContract.WSU, "Id", id);
        xml.text(value);
        xml.end();
    }

    /** @throws UnrenderableHandover naming the element the schema refuses and why */
    private static void checkAgainstSchema(byte[] envelope) {
        Element request = request(envelope);
        Validator validator = InterventiContract.schema().newValidator();
        Deque<String> problems = new ArrayDeque<>();
        validator.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(path(validator) + ": " + e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                error(e);
            }
        });
        try {
            validator.validate(new DOMSource(request));
        } catch (SAXException | IOException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            String first = problems.getFirst();
            throw new UnrenderableHandover(first.substring(0, Math.max(first.indexOf(':'), 0)),
                    "the document does not fit the police partner's schema (wsdl/interventi.xsd): "
                            + String.join("; ", problems));
        }
    }

    /** Where the validator is, e.g. {@code DeliverHandover/person/familyName} (JDK Xerces tells the current node). */
    private static String path(Validator validator) {
        try {
            Object node = validator.getProperty("http://apache.org/xml/properties/dom/current-element-node");
            StringBuilder path = new StringBuilder();
            for (Node n = (Node) node; n instanceof Element; n = n.getParentNode()) {
                path.insert(0, path.isEmpty() ? n.getLocalName() : n.getLocalName() + "/");
                if (InterventiContract.REQUEST.equals(n.getLocalName())) {
                    break;
                }
            }
            return path.isEmpty() ? InterventiContract.REQUEST : path.toString();
        } catch (SAXException | RuntimeException e) {
            return InterventiContract.REQUEST;
        }
    }

    private static Element request(byte[] envelope) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document parsed = factory.newDocumentBuilder().parse(new ByteArrayInputStream(envelope));
            return (Element) parsed.getElementsByTagNameNS(InterventiContract.NAMESPACE, InterventiContract.REQUEST).item(0);
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("the rendered SOAP envelope does not parse", e);
        }
    }
}
