package it.pis.gateway.outbound.pdf;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.BitSet;

/**
 * The one font of the document, embedded as a subset (PDF/A wants every font embedded): Liberation
 * Sans (SIL Open Font License 1.1) as PDFBox ships it, which covers Latin, Greek and Cyrillic, so
 * Italian (àèéìòù, ’) and most names from abroad print as written. The font file is read once; each
 * thread parses it once ({@link TrueTypeFont} is not safe to share between threads while a subset
 * is being cut), so a document costs only the subset.
 */
final class PdfFont {

    /** Shipped inside pdfbox-3.x.jar for its own fallback; present since PDFBox 2.0. */
    private static final String BUILT_IN = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final char MISSING = '?';

    private final byte[] file;
    private final BitSet printable = new BitSet(0x10000);
    /** Advance width of each BMP character in thousandths of the font size (text space units). */
    private final float[] widths = new float[0x10000];
    private final ThreadLocal<TrueTypeFont> parsed;

    PdfFont() {
        try (InputStream in = PdfFont.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the PDF font " + BUILT_IN + " is not on the class path (pdfbox jar)");
            }
            file = in.readAllBytes();
            TrueTypeFont font = parse(file);
            CmapLookup cmap = font.getUnicodeCmapLookup();
            float scale = 1000f / font.getUnitsPerEm();
            for (int c = 0x20; c < 0x10000; c++) {
                int glyph = cmap.getGlyphId(c);
                if (glyph > 0) {
                    printable.set(c);
                    widths[c] = font.getAdvanceWidth(glyph) * scale;
                }
            }
            font.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PDF font " + BUILT_IN, e);
        }
        parsed = ThreadLocal.withInitial(() -> {
            try {
                return parse(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The font for one document, to be embedded as a subset when the document is saved. */
    PDType0Font load(PDDocument document) throws IOException {
        return PDType0Font.load(document, parsed.get(), true);
    }

    /**
     * The text as the font can print it: a character it has no glyph for becomes '?', tabs become
     * spaces, other control characters are dropped (a PDF has no way to show them anyway).
     */
    String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c == '\n' || printable.get(c);
            if (ok && out == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (ok) {
                out.append(c);
            } else if (c == '\t') {
                out.append(' ');
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    out.append('\n');
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                out.append(MISSING);
                i++;
            } else if (!Character.isISOControl(c)) {
                out.append(MISSING);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Glyph substitution (ligatures) is turned off: Italian prose needs none, and PDFBox's GSUB
     * worker runs regular expressions on every string shown or measured (25 ms a document with it).
     */
    /** The width of printable text at {@code size} points (PDFBox's own measure re-encodes the text each time). */
    float width(String text, float size) {
        float sum = 0;
        for (int i = 0; i < text.length(); i++) {
            sum += widths[text.charAt(i)];
        }
        return sum / 1000f * size;
    }

    private static TrueTypeFont parse(byte[] file) throws IOException {
        TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(file));
        font.setEnableGsub(false);
        return font;
    }
}
