package it.pis.gateway.outbound.soap;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small StAX writer that indents elements (two spaces a level), so that the journaled envelope
 * reads well at {@code GET .../content}, and that replaces the characters XML 1.0 cannot carry
 * instead of writing a document no parser would read. The JDK's own StAX writer, whatever else is
 * on the class path, so that the bytes do not depend on it.
 */
final class IndentedXml {

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();

    private final OutputStream stream;
    private final XMLStreamWriter out;
    /** Per open element: whether it has child elements yet. */
    private final Deque<boolean[]> open = new ArrayDeque<>();

    IndentedXml(OutputStream stream) throws XMLStreamException {
        this.stream = stream;
        this.out = FACTORY.createXMLStreamWriter(stream, "UTF-8");
        out.writeStartDocument("UTF-8", "1.0");
    }

    XMLStreamWriter raw() {
        return out;
    }

    void start(String prefix, String localName, String namespace) throws XMLStreamException {
        newLine();
        out.writeStartElement(prefix, localName, namespace);
        open.push(new boolean[] {false});
    }

    /** An element in the default namespace. */
    void start(String localName) throws XMLStreamException {
        newLine();
        out.writeStartElement(localName);
        open.push(new boolean[] {false});
    }

    void attribute(String localName, String value) throws XMLStreamException {
        out.writeAttribute(localName, clean(value));
    }

    void text(String text) throws XMLStreamException {
        out.writeCharacters(clean(text));
    }

    void end() throws XMLStreamException {
        boolean[] children = open.pop();
        if (children[0]) {
            out.writeCharacters("\n" + "  ".repeat(open.size()));
        }
        out.writeEndElement();
    }

    /** {@code <name>text</name>}, or nothing when the value is null. */
    void leaf(String localName, Object value) throws XMLStreamException {
        if (value == null) {
            return;
        }
        start(localName);
        text(value.toString());
        end();
    }

    /** Ends the document, with a final line feed as text files have. */
    void finish() throws XMLStreamException {
        out.writeEndDocument();
        out.flush();
        out.close();
        try {
            stream.write('\n');
        } catch (IOException e) {
            throw new XMLStreamException(e);
        }
    }

    private void newLine() throws XMLStreamException {
        if (!open.isEmpty()) {
            open.peek()[0] = true;
        }
        out.writeCharacters("\n" + "  ".repeat(open.size()));
    }

    /**
     * The text with every character XML 1.0 forbids (C0 controls other than tab, line feed and
     * carriage return, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD, the replacement
     * character: visible to the reader, and the document stays well-formed.
     */
    static String clean(String text) {
        StringBuilder result = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (result != null) {
                    result.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (!ok && result == null) {
                result = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (result != null) {
                result.append(ok ? c : '\uFFFD');
            }
        }
        return result == null ? text : result.toString();
    }
}
