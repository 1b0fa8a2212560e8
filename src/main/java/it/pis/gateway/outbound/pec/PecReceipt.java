package it.pis.gateway.outbound.pec;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.ParseException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * A PEC receipt (DPR 68/2005, DM 2 novembre 2005) as read from the mail: the {@code X-Ricevuta} and
 * {@code X-Riferimento-Message-ID} headers and its {@code daticert.xml} part ({@code postacert}:
 * {@code tipo}, {@code errore}, {@code dati/msgid}, {@code dati/errore-esteso}, ...). The daticert,
 * inside the provider's S/MIME signature, is preferred to the headers, which are not signed.
 *
 * @param type          the receipt type (daticert's tipo), e.g. {@code accettazione}, {@code avvenuta-consegna}
 * @param headerType    the X-Ricevuta header as received (it should say the same as {@code type})
 * @param messageIds    the ids of the message it is about, without angle brackets: daticert's msgid
 *                      first, then X-Riferimento-Message-ID when it differs
 * @param error         daticert's {@code errore} ({@code nessuno}, {@code no-dest}, {@code virus}...)
 * @param extendedError daticert's {@code errore-esteso}, e.g. "5.1.1 - indirizzo non valido"
 * @param eml           the whole receipt as received, kept as evidence
 */
public record PecReceipt(String type, String headerType, List<String> messageIds, String error, String extendedError, String deliveredTo,
                         String provider, String issuedAt, String identifier, byte[] eml) {

    /** Why a mail is not a PEC receipt the gateway can use. */
    public static final class NotAReceipt extends Exception {
        public NotAReceipt(String message) {
            super(message);
        }
    }

    private static final int MAX_DEPTH = 8;

    /**
     * Reads a receipt from the raw mail.
     *
     * @throws NotAReceipt naming why (a transport envelope such as posta-certificata, no daticert.xml, no msgid...)
     */
    public static PecReceipt read(byte[] eml) throws NotAReceipt {
        try {
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(eml));
            String header = mail.getHeader("X-Ricevuta", null);
            String transport = mail.getHeader("X-Trasporto", null);
            if (header == null) {
                throw new NotAReceipt(transport != null ? "a PEC transport envelope (X-Trasporto: " + transport.strip()
                        + "), not a receipt" : "no X-Ricevuta header: not a PEC receipt");
            }
            Element daticert = daticert(mail, 0);
            if (daticert == null) {
                throw new NotAReceipt("X-Ricevuta: " + header.strip() + " but no daticert.xml part");
            }
            String type = daticert.getAttribute("tipo").strip();
            if (type.isEmpty()) {
                throw new NotAReceipt("daticert.xml has no tipo");
            }
            Element dati = child(daticert, "dati");
            Set<String> ids = new LinkedHashSet<>();
            addId(ids, text(dati, "msgid"));
            addId(ids, mail.getHeader("X-Riferimento-Message-ID", null));
            if (ids.isEmpty()) {
                throw new NotAReceipt("receipt " + type + " names no message (no daticert msgid, no X-Riferimento-Message-ID)");
            }
            Element data = child(dati, "data");
            String issuedAt = data == null ? null : (text(data, "giorno") + " " + text(data, "ora") + " "
                    + data.getAttribute("zona")).strip();
            return new PecReceipt(type, header.strip(), List.copyOf(ids), blankToNull(daticert.getAttribute("errore")),
                    text(dati, "errore-esteso"), text(dati, "consegna"), text(dati, "gestore-emittente"), issuedAt,
                    text(dati, "identificativo"), eml.clone());
        } catch (MessagingException | IOException e) {
            throw new NotAReceipt("unreadable mail: " + e.getMessage());
        }
    }

    /** The daticert.xml root ({@code postacert}) of this mail, not of a message attached to it (postacert.eml). */
    private static Element daticert(Part part, int depth) throws MessagingException, IOException, NotAReceipt {
        if (depth > MAX_DEPTH) {
            return null;
        }
        if (part.isMimeType("multipart/*")) {
            MimeMultipart multipart = (MimeMultipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                Element found = daticert(multipart.getBodyPart(i), depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (part.isMimeType("message/rfc822") || !isDaticert(part)) {
            return null;
        }
        try (InputStream in = part.getInputStream()) {
            return parse(in.readAllBytes());
        }
    }

    private static boolean isDaticert(Part part) throws MessagingException {
        String name = part.getFileName();
        if (name == null && part instanceof BodyPart) {
            try {
                name = new ContentType(part.getContentType()).getParameter("name");
            } catch (ParseException e) {
                name = null;
            }
        }
        return name != null && name.strip().toLowerCase(Locale.ROOT).equals("daticert.xml");
    }

    private static Element parse(byte[] xml) throws NotAReceipt {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            Element root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
            if (!"postacert".equals(root.getNodeName())) {
                throw new NotAReceipt("daticert.xml's root is " + root.getNodeName() + ", not postacert");
            }
            return root;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new NotAReceipt("daticert.xml is not well-formed XML: " + e.getMessage());
        }
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getNodeName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element child = child(parent, name);
        return child == null ? null : blankToNull(child.getTextContent());
    }

    private static void addId(Set<String> ids, String raw) {
        if (raw == null) {
            return;
        }
        String id = raw.strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1).strip();
        }
        if (!id.isEmpty()) {
            ids.add(id);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
