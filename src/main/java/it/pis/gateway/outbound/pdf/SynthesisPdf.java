package it.pis.gateway.outbound.pdf;

import it.pis.gateway.handover.HandoverDocument;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The <em>documento di sintesi dell'intervento</em> as the PDF a social worker reads: in Italian,
 * A4, PDF/A-2b with the font embedded; the envelope (who sends it to whom, when, the handover id,
 * how confidential it is, the mark repeated on every page) and then only the sections the
 * {@link HandoverDocument} carries (what they say is {@link Synthesis}'s).
 *
 * <p>Drawn with PDFBox directly rather than through an HTML engine (openhtmltopdf): the layout is
 * headings, label–value rows, paragraphs and lists, which PDFBox draws in under 2 ms of CPU per
 * document, where an HTML/CSS pipeline (parse, style, lay out, then the same PDFBox underneath)
 * costs several times that and adds a CSS dialect to keep in step.
 */
public class SynthesisPdf {

    public static final String MEDIA_TYPE = "application/pdf";

    private final Synthesis synthesis;
    private final PdfFont font = new PdfFont();
    private final PdfA pdfA = new PdfA();

    /** @param zone the centre's time zone (pis.zone, Europe/Rome), in which every time is printed */
    public SynthesisPdf(ZoneId zone) {
        this.synthesis = new Synthesis(zone);
    }

    /** The PDF of this document, as the recipient will read it. */
    public byte[] render(HandoverDocument document) {
        Synthesis.Content content = synthesis.of(document);
        try (PDDocument pdf = new PDDocument()) {
            pdf.setVersion(1.7f);
            try (PageWriter page = new PageWriter(pdf, font.load(pdf), font)) {
                header(page, content.header());
                for (Synthesis.Section section : content.sections()) {
                    page.heading(section.heading());
                    for (Synthesis.Part part : section.parts()) {
                        draw(page, part);
                    }
                }
                page.footers(content.header().mark(), content.footer());
            }
            pdfA.mark(pdf, Synthesis.TITLE, author(document), document.createdAt().atZone(synthesis.zone()),
                    document.deliveryId());
            ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
            pdf.save(out, CompressParameters.DEFAULT_COMPRESSION);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the PDF of handover " + document.handoverId(), e);
        }
    }

    private static void header(PageWriter page, Synthesis.Header header) throws IOException {
        page.mark(header.mark());
        if (header.sender() != null) {
            page.overline(header.sender().toUpperCase(Locale.ITALY));
        }
        page.title(Synthesis.TITLE);
        for (Synthesis.Field field : header.fields()) {
            page.field(field.label(), field.value());
        }
        page.gap(4f);
        page.note(header.note());
        page.gap(4f);
        page.rule(0.8f);
        page.gap(6f);
    }

    private static void draw(PageWriter page, Synthesis.Part part) throws IOException {
        if (part instanceof Synthesis.Field field) {
            page.field(field.label(), field.value());
        } else if (part instanceof Synthesis.Paragraph paragraph) {
            page.paragraph(paragraph.text());
        } else if (part instanceof Synthesis.Item item) {
            page.item(item.text(), item.detail());
        } else if (part instanceof Synthesis.Label label) {
            page.gap(2f);
            page.label(label.text());
        }
    }

    private static String author(HandoverDocument d) {
        return d.author() == null ? "" : d.author().replaceAll("\\p{Cntrl}", " ").strip();
    }
}
