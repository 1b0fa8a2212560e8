package it.pis.gateway.outbound.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes text down A4 pages: headings, label–value rows and paragraphs, wrapped at word boundaries
 * (a word wider than the column is cut), a new page when the current one is full, a heading never
 * left alone at the bottom of a page, and "pagina i di n" on every page once the text is done.
 * Bold is the regular font filled and stroked, so one embedded font serves the whole document.
 */
final class PageWriter implements AutoCloseable {

    static final float BODY = 10f;
    private static final float SMALL = 8f;
    private static final float LEADING = 1.38f;
    private static final float MARGIN = 56.7f;
    private static final float TOP = PDRectangle.A4.getHeight() - 48f;
    private static final float BOTTOM = 62f;
    private static final float RIGHT = PDRectangle.A4.getWidth() - MARGIN;
    private static final float WIDTH = RIGHT - MARGIN;
    private static final float LABEL_WIDTH = 128f;
    private static final float[] INK = {0.1f, 0.1f, 0.12f};
    private static final float[] GREY = {0.38f, 0.38f, 0.42f};
    private static final float[] RED = {0.72f, 0.05f, 0.05f};

    private final PDDocument document;
    private final PDType0Font font;
    private final PdfFont glyphs;
    private final float spaceWidth;
    private PDPageContentStream out;
    private float y;

    PageWriter(PDDocument document, PDType0Font font, PdfFont glyphs) throws IOException {
        this.document = document;
        this.font = font;
        this.glyphs = glyphs;
        this.spaceWidth = glyphs.width(" ", 1f);
        newPage();
    }

    /** The confidentiality mark, boxed in red at the top right of the first page. */
    void mark(String text) throws IOException {
        float size = 11f;
        float width = width(text, size) + 14f;
        float top = TOP + 14f;
        out.setStrokingColor(RED[0], RED[1], RED[2]);
        out.setLineWidth(1.2f);
        out.addRect(RIGHT - width, top - 20f, width, 20f);
        out.stroke();
        show(RIGHT - width + 7f, top - 14.5f, text, size, true, RED);
    }

    /** A small line above the title: who sends the document. */
    void overline(String text) throws IOException {
        for (String line : wrap(glyphs.printable(text), WIDTH - 150f, SMALL)) {
            show(MARGIN, y, line, SMALL, true, GREY);
            y -= SMALL * LEADING;
        }
    }

    void title(String text) throws IOException {
        y -= 8f;
        for (String line : wrap(glyphs.printable(text), WIDTH, 16f)) {
            show(MARGIN, y, line, 16f, true, INK);
            y -= 16f * LEADING;
        }
        y -= 4f;
    }

    /** A section heading with a rule under it; starts a new page rather than end one. */
    void heading(String text) throws IOException {
        float size = 11.5f;
        need(size * LEADING + 10f + 3 * BODY * LEADING);
        y -= 8f;
        show(MARGIN, y, glyphs.printable(text), size, true, INK);
        y -= 5f;
        rule(0.6f);
        y -= BODY * LEADING;
    }

    /** A label and its value on the same row, the value wrapped in its own column. */
    void field(String label, String value) throws IOException {
        if (value == null || value.isBlank()) {
            return;
        }
        List<String> labelLines = wrap(glyphs.printable(label), LABEL_WIDTH - 8f, BODY);
        List<String> lines = wrap(glyphs.printable(value.strip()), WIDTH - LABEL_WIDTH, BODY);
        need(Math.min(lines.size(), 2) * BODY * LEADING);
        for (int i = 0; i < Math.max(lines.size(), labelLines.size()); i++) {
            need(BODY * LEADING);
            if (i < labelLines.size()) {
                show(MARGIN, y, labelLines.get(i), BODY, true, GREY);
            }
            if (i < lines.size()) {
                show(MARGIN + LABEL_WIDTH, y, lines.get(i), BODY, false, INK);
            }
            y -= BODY * LEADING;
        }
    }

    /** A bold grey label on a line of its own, introducing a list. */
    void label(String text) throws IOException {
        need(3 * BODY * LEADING);
        show(MARGIN, y, glyphs.printable(text), BODY, true, GREY);
        y -= BODY * LEADING;
    }

    /** Running text, blank lines kept as paragraph breaks. */
    void paragraph(String text) throws IOException {
        if (text == null || text.isBlank()) {
            return;
        }
        for (String line : wrap(glyphs.printable(text.strip()), WIDTH, BODY)) {
            need(BODY * LEADING);
            show(MARGIN, y, line, BODY, false, INK);
            y -= BODY * LEADING;
        }
        y -= BODY * 0.4f;
    }

    /** A list item: a bullet, then the text indented, then optional detail lines in grey. */
    void item(String text, String detail) throws IOException {
        float indent = 12f;
        List<String> lines = wrap(glyphs.printable(text.strip()), WIDTH - indent, BODY);
        need(Math.min(lines.size(), 2) * BODY * LEADING);
        show(MARGIN + 2f, y, "\u2022", BODY, false, INK);
        for (String line : lines) {
            need(BODY * LEADING);
            show(MARGIN + indent, y, line, BODY, false, INK);
            y -= BODY * LEADING;
        }
        if (detail != null && !detail.isBlank()) {
            for (String line : wrap(glyphs.printable(detail.strip()), WIDTH - indent, SMALL + 0.5f)) {
                need(BODY * LEADING);
                show(MARGIN + indent, y, line, SMALL + 0.5f, false, GREY);
                y -= (SMALL + 0.5f) * LEADING;
            }
        }
        y -= 3f;
    }

    /** Text in small grey type, e.g. a note under a section. */
    void note(String text) throws IOException {
        for (String line : wrap(glyphs.printable(text), WIDTH, SMALL)) {
            need(SMALL * LEADING);
            show(MARGIN, y, line, SMALL, false, GREY);
            y -= SMALL * LEADING;
        }
    }

    void rule(float width) throws IOException {
        out.setStrokingColor(GREY[0], GREY[1], GREY[2]);
        out.setLineWidth(width);
        out.moveTo(MARGIN, y);
        out.lineTo(RIGHT, y);
        out.stroke();
    }

    void gap(float points) {
        y -= points;
    }

    /** Ends the last page and writes on every page: the confidentiality mark in red, {@code text}, "Pagina i di n". */
    void footers(String mark, String text) throws IOException {
        out.close();
        out = null;
        int pages = document.getNumberOfPages();
        for (int i = 0; i < pages; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(document, document.getPage(i),
                    PDPageContentStream.AppendMode.APPEND, true)) {
                out = footer;
                float base = BOTTOM - 26f;
                footer.setStrokingColor(GREY[0], GREY[1], GREY[2]);
                footer.setLineWidth(0.4f);
                footer.moveTo(MARGIN, base + 11f);
                footer.lineTo(RIGHT, base + 11f);
                footer.stroke();
                show(MARGIN, base, mark, SMALL, true, RED);
                String page = "Pagina " + (i + 1) + " di " + pages;
                float left = MARGIN + width(mark, SMALL) + 8f;
                List<String> lines = wrap(glyphs.printable(text), RIGHT - width(page, SMALL) - 12f - left, SMALL);
                show(left, base, lines.get(0), SMALL, false, GREY);
                show(RIGHT - width(page, SMALL), base, page, SMALL, false, GREY);
            } finally {
                out = null;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private void need(float height) throws IOException {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    private void newPage() throws IOException {
        if (out != null) {
            out.close();
        }
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        out = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.OVERWRITE, true);
        y = TOP;
    }

    private void show(float x, float at, String text, float size, boolean bold, float[] colour) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        out.beginText();
        out.setFont(font, size);
        out.setNonStrokingColor(colour[0], colour[1], colour[2]);
        if (bold) {
            out.setStrokingColor(colour[0], colour[1], colour[2]);
            out.setLineWidth(size * 0.035f);
            out.setRenderingMode(RenderingMode.FILL_STROKE);
        } else {
            out.setRenderingMode(RenderingMode.FILL);
        }
        out.newLineAtOffset(x, at);
        out.showText(text);
        out.endText();
    }

    private float width(String text, float size) {
        return glyphs.width(text, size);
    }

    /** The text cut into lines no wider than {@code width}; a line per paragraph at least. */
    List<String> wrap(String text, float width, float size) throws IOException {
        List<String> lines = new ArrayList<>();
        float space = spaceWidth * size;
        for (String paragraph : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            float used = 0;
            for (String word : paragraph.strip().split(" +")) {
                if (word.isEmpty()) {
                    continue;
                }
                float w = width(word, size);
                if (w > width) {
                    if (line.length() > 0) {
                        lines.add(line.toString());
                        line.setLength(0);
                        used = 0;
                    }
                    used = cut(word, width, size, lines, line);
                    continue;
                }
                float needed = line.length() == 0 ? w : used + space + w;
                if (needed <= width) {
                    if (line.length() > 0) {
                        line.append(' ');
                    }
                    line.append(word);
                    used = needed;
                } else {
                    lines.add(line.toString());
                    line.setLength(0);
                    line.append(word);
                    used = w;
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Cuts a word too long for a line (a URL, a hash) into full lines; the rest starts the next line. */
    private float cut(String word, float width, float size, List<String> lines, StringBuilder line) throws IOException {
        int start = 0;
        while (start < word.length()) {
            int end = start + 1;
            while (end < word.length() && width(word.substring(start, end + 1), size) <= width) {
                end++;
            }
            if (end == word.length()) {
                line.append(word, start, end);
                return width(line.toString(), size);
            }
            lines.add(word.substring(start, end));
            start = end;
        }
        return 0;
    }
}
