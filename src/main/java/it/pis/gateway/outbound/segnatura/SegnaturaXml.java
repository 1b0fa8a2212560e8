package it.pis.gateway.outbound.segnatura;

import it.pis.gateway.handover.HandoverDocument;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Writes the {@code prot:SegnaturaInformatica} (namespace {@value #NS}, version 3.0.0) of a
 * {@link Segnatura}, without its signature: elements and attributes all carry the {@code prot:}
 * prefix, since the schema says {@code attributeFormDefault="qualified"}. The mandatory
 * {@code ds:Signature} is added after {@code Descrizione} by signing the result (XAdES baseline B).
 */
public final class SegnaturaXml {

    public static final String NS = "http://www.agid.gov.it/protocollo/";
    private static final String P = "prot:";

    private SegnaturaXml() {
    }

    /** The unsigned Segnatura, UTF-8. */
    public static byte[] unsigned(Segnatura segnatura) {
        Document xml = newDocument();
        Element root = xml.createElementNS(NS, P + "SegnaturaInformatica");
        xml.appendChild(root);
        root.setAttributeNS(NS, P + "versione", "3.0.0");
        root.setAttributeNS(NS, P + "lang", "it");

        Element header = child(root, "Intestazione");
        Segnatura.Registration r = segnatura.registration();
        Element id = child(header, "Identificatore");
        text(id, "CodiceAmministrazione", r.administration());
        text(id, "CodiceAOO", r.aoo());
        text(id, "CodiceRegistro", r.registry());
        text(id, "NumeroRegistrazione", r.formattedNumber());
        text(id, "DataRegistrazione", r.at().toLocalDate().toString());
        text(id, "OraRegistrazione", r.at().toOffsetDateTime().toOffsetTime().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_TIME));
        text(header, "Oggetto", segnatura.subject());
        Element classification = child(header, "Classifica");
        text(classification, "Denominazione", segnatura.classification().name());
        text(classification, "CodiceFlat", segnatura.classification().code());
        if (segnatura.reserved() != null) {
            text(header, "Riservato", "true").setAttributeNS(NS, P + "note", segnatura.reserved());
        }

        Element description = child(root, "Descrizione");
        sender(child(description, "Mittente"), segnatura.sender());
        recipient(child(description, "Destinatario"), segnatura.recipient());
        document(child(description, "DocumentoPrimario"), segnatura.primary());
        for (Segnatura.Document attachment : segnatura.attachments()) {
            document(child(description, "Allegato"), attachment);
        }
        return write(xml);
    }

    /** The base64 SHA-256 digest of a file, as {@code Impronta} carries it. */
    public static String impronta(byte[] content) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The centre, an Italian public administration identified by its IPA codes; its PEC address is the AOO's. */
    private static void sender(Element mittente, HandoverDocument.Party centre) {
        Element administration = child(mittente, "Amministrazione");
        text(administration, "DenominazioneAmministrazione", centre.name());
        text(administration, "CodiceIPAAmministrazione", centre.ipaCode());
        text(administration, "CodiceIPAAOO", centre.aooCode());
        Element contacts = child(administration, "ContattiAOO");
        text(contacts, "IndirizzoTelematico", centre.email()).setAttributeNS(NS, P + "tipo", "smtp");
    }

    /**
     * The recipient as a legal person with its certified mail address: agreements do not carry a
     * recipient's IPA codes, which {@code Amministrazione} requires. No ConfermaRicezione is asked
     * for: the PEC delivery receipt is the acknowledgement the gateway waits for.
     */
    private static void recipient(Element destinatario, Segnatura.Recipient recipient) {
        destinatario.setAttributeNS(NS, P + "confermaRicezione", "false");
        Element body = child(destinatario, "PersonaGiuridica");
        text(body, "Denominazione", recipient.name());
        Element contacts = child(body, "ContattiPersonaGiuridica");
        text(contacts, "IndirizzoTelematico", recipient.address()).setAttributeNS(NS, P + "tipo", "smtp");
    }

    private static void document(Element element, Segnatura.Document document) {
        element.setAttributeNS(NS, P + "nomeFile", document.fileName());
        element.setAttributeNS(NS, P + "mimeType", document.mediaType());
        if (document.description() != null) {
            text(element, "Descrizione", document.description());
        }
        text(element, "Impronta", impronta(document.content())).setAttributeNS(NS, P + "algoritmo", "SHA-256");
        if (document.sealed()) {
            text(child(element, "sigillatoElettronicamente"), "UnDetached", "true");
        }
    }

    private static Element child(Element parent, String name) {
        Element child = parent.getOwnerDocument().createElementNS(NS, P + name);
        parent.appendChild(child);
        return child;
    }

    private static Element text(Element parent, String name, String value) {
        Element child = child(parent, name);
        child.setTextContent(value);
        return child;
    }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] write(Document xml) {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer transformer = factory.newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            xml.setXmlStandalone(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(xml), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the Segnatura XML", e);
        }
    }
}
