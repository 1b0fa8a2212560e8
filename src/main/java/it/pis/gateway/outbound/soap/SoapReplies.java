package it.pis.gateway.outbound.soap;

import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.outbound.DeliveryResult.Receipt;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.dom.DOMSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * What the police partner's answer means for the delivery, read from the bytes as received:
 * <ul>
 * <li>a {@code DeliverHandoverResponse} valid against wsdl/interventi.xsd, with HTTP 2xx:
 *     {@link DeliveryResult.Acknowledged}, its protocol id in the detail;</li>
 * <li>a SOAP Fault whose code says the sender is at fault ({@code soap:Client}, VersionMismatch,
 *     MustUnderstand; SOAP 1.2 Sender; the WS-Security and WS-Addressing sender faults):
 *     {@link DeliveryResult.Refused}, never retried;</li>
 * <li>a fault the receiver may get over ({@code soap:Server}, SOAP 1.2 Receiver,
 *     {@code wsse:MessageExpired} — the next attempt carries a new Timestamp —,
 *     {@code wsa:EndpointUnavailable}) or whose code nobody defined: {@link DeliveryResult.Failed};</li>
 * <li>no SOAP at all: HTTP 4xx is {@link DeliveryResult.Refused} (but 408, 425 and 429, which ask
 *     to try later), anything else {@link DeliveryResult.Failed}, as is a 2xx without a receipt.</li>
 * </ul>
 * The answer is kept as the receipt in every case. No answer at all is {@link #unreachable}.
 */
public final class SoapReplies {

    public DeliveryResult outcome(SoapReply reply) {
        Receipt receipt = reply.body().length == 0 ? null
                : new Receipt(kind(reply), reply.contentType(), reply.body());
        String http = "HTTP " + reply.status();
        if (reply.truncated()) {
            return new DeliveryResult.Failed(receipt, http + ": the answer is larger than " + reply.body().length
                    + " bytes (pis.outbound.soap.max-response-bytes) and was not read");
        }
        Element body = soapBody(reply.body());
        Element first = body == null ? null : firstElement(body);
        if (first != null && "Fault".equals(first.getLocalName()) && isSoapNamespace(first.getNamespaceURI())) {
            return fault(first, receipt, http);
        }
        boolean success = reply.status() >= 200 && reply.status() < 300;
        if (success && first != null && InterventiContract.NAMESPACE.equals(first.getNamespaceURI())
                && InterventiContract.RESPONSE.equals(first.getLocalName())) {
            return receipt(first, receipt, http);
        }
        if (success) {
            return new DeliveryResult.Failed(receipt, http + " without a DeliverHandoverResponse: "
                    + (first != null ? "the body holds {" + first.getNamespaceURI() + "}" + first.getLocalName()
                    : body != null ? "an empty soap:Body" : reply.body().length == 0 ? "no body" : "not a SOAP envelope"));
        }
        if (reply.status() >= 400 && reply.status() < 500 && reply.status() != 408 && reply.status() != 425
                && reply.status() != 429) {
            return new DeliveryResult.Refused(receipt, http + " without a SOAP fault: the partner refuses the request"
                    + " (wrong endpoint, or not allowed)");
        }
        return new DeliveryResult.Failed(receipt, http + " without a SOAP fault");
    }

    /** No answer came (see {@link SoapUnreachable}): a failed attempt, retried. */
    public DeliveryResult unreachable(Exception cause) {
        String why = cause instanceof SoapUnreachable ? cause.getMessage()
                : "the SOAP transport failed: " + cause;
        return new DeliveryResult.Failed(null, why);
    }

    private static DeliveryResult receipt(Element response, Receipt receipt, String http) {
        try {
            InterventiContract.schema().newValidator().validate(new DOMSource(response));
        } catch (SAXException | IOException e) {
            return new DeliveryResult.Failed(receipt, http + ": the DeliverHandoverResponse does not match"
                    + " wsdl/interventi.xsd: " + e.getMessage());
        }
        String duplicate = "true".equals(text(response, "duplicate")) ? " (a resend: the partner had it already)" : "";
        return new DeliveryResult.Acknowledged(receipt, "receipt " + text(response, "protocolId") + ", received at "
                + text(response, "receivedAt") + duplicate);
    }

    private static DeliveryResult fault(Element fault, Receipt receipt, String http) {
        boolean soap12 = InterventiContract.SOAP12.equals(fault.getNamespaceURI());
        Element codeElement = soap12 ? child(child(fault, "Code"), "Value") : child(fault, "faultcode");
        QName code = qname(codeElement);
        String reason = soap12 ? text(child(fault, "Reason"), "Text") : text(fault, "faultstring");
        String cause = cause(fault);
        String detail = http + ", fault " + (code == null ? "(no code)" : display(code)) + ": "
                + (reason == null ? "(no reason)" : reason.strip()) + (cause == null ? "" : " [" + cause + "]");
        return refusedByFault(code) ? new DeliveryResult.Refused(receipt, detail) : new DeliveryResult.Failed(receipt, detail);
    }

    /** Whether the fault code says the request itself is wrong, so that sending it again cannot help. */
    static boolean refusedByFault(QName code) {
        if (code == null) {
            return false;
        }
        String ns = code.getNamespaceURI();
        String local = code.getLocalPart();
        if (InterventiContract.SOAP11.equals(ns)) {
            return local.equals("Client") || local.startsWith("Client.") || local.equals("VersionMismatch")
                    || local.startsWith("MustUnderstand");
        }
        if (InterventiContract.SOAP12.equals(ns)) {
            return local.equals("Sender") || local.equals("VersionMismatch") || local.equals("MustUnderstand")
                    || local.equals("DataEncodingUnknown");
        }
        if (InterventiContract.WSSE.equals(ns)) {
            return !local.equals("MessageExpired");
        }
        if (InterventiContract.WSA.equals(ns)) {
            return !local.equals("EndpointUnavailable");
        }
        return false;
    }

    /** The detail's {@code refusal/cause} of wsdl/interventi.xsd, when the partner gave one. */
    private static String cause(Element fault) {
        var causes = fault.getElementsByTagNameNS(InterventiContract.NAMESPACE, "cause");
        return causes.getLength() == 0 ? null : causes.item(0).getTextContent().strip();
    }

    private static String kind(SoapReply reply) {
        Element body = soapBody(reply.body());
        Element first = body == null ? null : firstElement(body);
        if (first != null && "Fault".equals(first.getLocalName())) {
            return "SOAP fault (HTTP " + reply.status() + ")";
        }
        return body != null ? "SOAP response (HTTP " + reply.status() + ")" : "HTTP " + reply.status();
    }

    private static boolean isSoapNamespace(String ns) {
        return InterventiContract.SOAP11.equals(ns) || InterventiContract.SOAP12.equals(ns);
    }

    private static String display(QName code) {
        String prefix = switch (code.getNamespaceURI()) {
            case InterventiContract.SOAP11, InterventiContract.SOAP12 -> "soap:";
            case InterventiContract.WSSE -> "wsse:";
            case InterventiContract.WSA -> "wsa:";
            default -> code.getNamespaceURI().isEmpty() ? "" : "{" + code.getNamespaceURI() + "}";
        };
        return prefix + code.getLocalPart();
    }

    /** A faultcode's QName, its prefix resolved where the element stands. */
    private static QName qname(Element code) {
        if (code == null) {
            return null;
        }
        String text = code.getTextContent().strip();
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? null : text.substring(0, colon);
        String ns = code.lookupNamespaceURI(prefix);
        return new QName(ns == null ? "" : ns, text.substring(colon + 1));
    }

    private static Element soapBody(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new ByteArrayInputStream(bytes));
            Element envelope = document.getDocumentElement();
            if (!"Envelope".equals(envelope.getLocalName()) || !isSoapNamespace(envelope.getNamespaceURI())) {
                return null;
            }
            return child(envelope, "Body");
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static Element child(Element parent, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String localName) {
        Element child = child(parent, localName);
        return child == null ? null : child.getTextContent();
    }
}
