package it.pis.gateway.inbound.soap;

import it.pis.gateway.inbound.ContentHash;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * The content hash of a SOAP request for comparing two uses of one message id: the operation
 * element in the soap:Body only, written in a normal form (element and attribute names with their
 * namespace URIs, attributes sorted, text as is, whitespace-only text between elements dropped).
 * A genuine resend may change the whole soap:Header (WS-Security Timestamp and Signature,
 * WS-Addressing), namespace prefixes and declarations, indentation and the {@code wsu:Id}
 * attributes a signer puts on what it signs: none of them is content.
 */
final class SoapContent {

    private static final String WSU =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private SoapContent() {
    }

    static String hash(Element operation) {
        StringBuilder normal = new StringBuilder();
        write(operation, normal);
        return ContentHash.of(normal.toString());
    }

    private static void write(Element element, StringBuilder out) {
        out.append('<').append('{').append(nullToEmpty(element.getNamespaceURI())).append('}')
                .append(element.getLocalName());
        List<String> attributes = new ArrayList<>();
        NamedNodeMap map = element.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
            Attr a = (Attr) map.item(i);
            if (!XMLNS.equals(a.getNamespaceURI()) && !WSU.equals(a.getNamespaceURI())) {
                attributes.add(" {" + nullToEmpty(a.getNamespaceURI()) + "}" + a.getLocalName() + "=\"" + a.getValue() + "\"");
            }
        }
        attributes.stream().sorted().forEach(out::append);
        out.append('>');
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                write(child, out);
            } else if ((n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE)
                    && !n.getNodeValue().isBlank()) {
                out.append(n.getNodeValue().replace("&", "&amp;").replace("<", "&lt;"));
            }
        }
        out.append("</>");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
