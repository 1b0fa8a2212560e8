package it.pis.gateway.outbound;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.w3c.dom.Attr;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;

/**
 * All the text a recipient of a segnatura-xml delivery can read in the message bytes, found with
 * parsers independent of the renderer's own code: every header (RFC 2047 decoded), every text
 * part, every text node and attribute of Segnatura.xml, the .p7m's signature checked with
 * BouncyCastle and its PDF's text and metadata read with PDFBox, and the attachments. Nothing is
 * secret here: the message is signed, not encrypted.
 */
public final class SegnaturaWire {

    private SegnaturaWire() {
    }

    /**
     * The readable pieces of a rendered message, one per header, text part, XML text node or
     * attribute, PDF and attachment; throws when a .p7m does not verify.
     */
    public static List<String> text(byte[] message) throws Exception {
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
        StringBuilder text = new StringBuilder();
        headers(mail, text);
        part(mail, text, 0);
        return List.of(text.toString().split("\n"));
    }

    /** The PDF inside an enveloping CAdES (.p7m), after BouncyCastle verified the signature over it. */
    public static byte[] verifiedContent(byte[] p7m) throws Exception {
        CMSSignedData signed = new CMSSignedData(p7m);
        if (signed.getSignedContent() == null) {
            throw new AssertionError("the .p7m carries no content (detached)");
        }
        for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
            @SuppressWarnings("unchecked")
            X509CertificateHolder certificate = (X509CertificateHolder) signed.getCertificates()
                    .getMatches(signer.getSID()).iterator().next();
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate))) {
                throw new AssertionError("the .p7m signature does not verify");
            }
        }
        return (byte[]) signed.getSignedContent().getContent();
    }

    /** PDFBox's text of a PDF plus its document information (title, author, subject, keywords...). */
    public static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            StringBuilder text = new StringBuilder(new PDFTextStripper().getText(document));
            PDDocumentInformation info = document.getDocumentInformation();
            for (String key : info.getMetadataKeys()) {
                text.append('\n').append(key).append(": ").append(info.getCustomMetadataValue(key));
            }
            return text.toString();
        }
    }

    private static void part(Part part, StringBuilder text, int depth) throws Exception {
        if (depth > 10) {
            throw new AssertionError("MIME nesting deeper than 10");
        }
        if (part.isMimeType("multipart/*")) {
            MimeMultipart multipart = (MimeMultipart) part.getContent();
            if (multipart.getPreamble() != null) {
                text.append(multipart.getPreamble()).append('\n');
            }
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                headers(child, text);
                part(child, text, depth + 1);
            }
            return;
        }
        byte[] content;
        try (InputStream in = part.getInputStream()) {
            content = in.readAllBytes();
        }
        String name = part.getFileName() == null ? "" : part.getFileName().toLowerCase();
        if (name.endsWith(".p7m") || part.isMimeType("application/pkcs7-mime")) {
            byte[] inner = verifiedContent(content);
            text.append(isPdf(inner) ? pdfText(inner) : new String(inner, StandardCharsets.UTF_8)).append('\n');
        } else if (part.isMimeType("application/pdf") || isPdf(content)) {
            text.append(pdfText(content)).append('\n');
        } else if (part.isMimeType("application/xml") || part.isMimeType("text/xml") || name.endsWith(".xml")) {
            xmlText(content, text);
        } else {
            text.append(new String(content, StandardCharsets.UTF_8)).append('\n');
        }
    }

    private static void headers(Part part, StringBuilder text) throws Exception {
        Enumeration<Header> headers = part.getAllHeaders();
        while (headers.hasMoreElements()) {
            Header header = headers.nextElement();
            text.append(header.getName()).append(": ")
                    .append(MimeUtility.decodeText(MimeUtility.unfold(header.getValue()))).append('\n');
        }
    }

    private static void xmlText(byte[] xml, StringBuilder text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        node(factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement(), text);
    }

    private static void node(Node node, StringBuilder text) {
        if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
            if (!node.getNodeValue().isBlank()) {
                text.append(node.getNodeValue().strip()).append('\n');
            }
            return;
        }
        if (node.getAttributes() != null) {
            for (int i = 0; i < node.getAttributes().getLength(); i++) {
                Attr attr = (Attr) node.getAttributes().item(i);
                text.append(attr.getName()).append('=').append(attr.getValue()).append('\n');
            }
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            node(child, text);
        }
    }

    private static boolean isPdf(byte[] content) {
        return content.length > 4 && content[0] == '%' && content[1] == 'P' && content[2] == 'D' && content[3] == 'F';
    }
}
