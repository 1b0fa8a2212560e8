package it.pis.gateway.outbound.pdf;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.GregorianCalendar;
import java.util.UUID;

/**
 * What makes the document PDF/A-2b (ISO 19005-2, level B) besides embedded fonts: XMP metadata
 * that agrees with the document information, the sRGB output intent (the JDK's own ICC profile,
 * so no profile file ships), the document language and a file identifier. Archival systems of
 * Italian administrations (conservazione a norma) accept PDF/A for long-term keeping.
 */
final class PdfA {

    private static final String SRGB = "sRGB IEC61966-2.1";
    private static final String TOOL = "PIS gateway";
    private static final String PRODUCER = "PIS gateway with Apache PDFBox";
    private static final DateTimeFormatter XMP_DATE = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

    /** Marks the document as PDF/A-2b with its title, author and creation time; {@code id} seeds the file identifier. */
    void mark(PDDocument document, String title, String author, ZonedDateTime created, UUID id) throws IOException {
        ZonedDateTime at = created.withNano(0);
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(title);
        info.setAuthor(author);
        info.setCreator(TOOL);
        info.setProducer(PRODUCER);
        info.setCreationDate(GregorianCalendar.from(at));
        info.setModificationDate(GregorianCalendar.from(at));

        PDDocumentCatalog catalog = document.getDocumentCatalog();
        PDMetadata metadata = new PDMetadata(document);
        metadata.importXMPMetadata(xmp(title, author, at).getBytes(StandardCharsets.UTF_8));
        catalog.setMetadata(metadata);
        PDOutputIntent intent = new PDOutputIntent(document, new ByteArrayInputStream(srgb));
        intent.setInfo(SRGB);
        intent.setOutputCondition(SRGB);
        intent.setOutputConditionIdentifier(SRGB);
        intent.setRegistryName("http://www.color.org");
        catalog.addOutputIntent(intent);
        catalog.setLanguage("it-IT");

        COSString fileId = new COSString(md5(id.toString()));
        COSArray ids = new COSArray();
        ids.add(fileId);
        ids.add(fileId);
        document.getDocument().getTrailer().setItem(COSName.ID, ids);
    }

    private static String xmp(String title, String author, ZonedDateTime at) {
        String date = XMP_DATE.format(at);
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">"
                + "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>\n"
                + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                + "<dc:format>application/pdf</dc:format>"
                + "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + escape(title) + "</rdf:li></rdf:Alt></dc:title>"
                + "<dc:creator><rdf:Seq><rdf:li>" + escape(author) + "</rdf:li></rdf:Seq></dc:creator>"
                + "<dc:language><rdf:Bag><rdf:li>it-IT</rdf:li></rdf:Bag></dc:language></rdf:Description>\n"
                + "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">"
                + "<xmp:CreatorTool>" + TOOL + "</xmp:CreatorTool><xmp:CreateDate>" + date + "</xmp:CreateDate>"
                + "<xmp:ModifyDate>" + date + "</xmp:ModifyDate><xmp:MetadataDate>" + date + "</xmp:MetadataDate>"
                + "</rdf:Description>\n"
                + "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">"
                + "<pdf:Producer>" + PRODUCER + "</pdf:Producer></rdf:Description>\n"
                + "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
