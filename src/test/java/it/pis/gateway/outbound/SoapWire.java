package it.pis.gateway.outbound;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What a police partner can read in a {@code soap-handover} envelope: parsed with the JDK's own
 * DOM parser (not the renderer's writer), every text node and every attribute value (namespace
 * declarations aside), and the content of every base64 attachment decoded as UTF-8 text.
 */
public final class SoapWire {

    private static final String INTERVENTI = "urn:it:pis:gateway:interventi:v1";

    private SoapWire() {
    }

    /** Everything readable, in document order (as {@link JsonWire#text} for the JSON formats). */
    public static List<String> text(byte[] envelope) {
        List<String> texts = new ArrayList<>();
        collect(parse(envelope).getDocumentElement(), texts);
        return texts;
    }

    private static void collect(Element element, List<String> texts) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())) {
                texts.add(attribute.getValue());
            }
        }
        boolean attachment = INTERVENTI.equals(element.getNamespaceURI()) && "attachment".equals(element.getLocalName());
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                collect(e, texts);
            } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
                String text = child.getNodeValue();
                if (text.isBlank()) {
                    continue;
                }
                texts.add(attachment ? new String(Base64.getMimeDecoder().decode(text.strip()), StandardCharsets.UTF_8)
                        : text);
            }
        }
    }

    private static Document parse(byte[] envelope) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(envelope));
            document.normalizeDocument();
            return document;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a readable XML envelope: " + e.getMessage(), e);
        }
    }
}
