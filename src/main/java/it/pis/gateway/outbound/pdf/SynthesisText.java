package it.pis.gateway.outbound.pdf;

import it.pis.gateway.handover.HandoverDocument;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The documento di sintesi as plain lines of text, for formats that carry readable text rather
 * than a PDF (HL7 v2 TX observations, say): the same content and wording as {@link SynthesisPdf},
 * one paragraph per line (the reader's screen wraps them), sections set apart by an empty line and
 * their heading in capitals. No line holds a line break, a tab or another control character.
 */
public class SynthesisText {

    private final Synthesis synthesis;

    public SynthesisText(ZoneId zone) {
        this.synthesis = new Synthesis(zone);
    }

    public List<String> lines(HandoverDocument document) {
        Synthesis.Content content = synthesis.of(document);
        List<String> lines = new ArrayList<>();
        lines.add(Synthesis.TITLE.toUpperCase(Locale.ITALY) + " \u2013 " + content.header().mark());
        for (Synthesis.Field field : content.header().fields()) {
            field(lines, field);
        }
        lines.add(content.header().note());
        for (Synthesis.Section section : content.sections()) {
            lines.add("");
            lines.add(section.heading().toUpperCase(Locale.ITALY));
            for (Synthesis.Part part : section.parts()) {
                if (part instanceof Synthesis.Field field) {
                    field(lines, field);
                } else if (part instanceof Synthesis.Paragraph paragraph) {
                    paragraphs(lines, "", paragraph.text());
                } else if (part instanceof Synthesis.Item item) {
                    paragraphs(lines, "- ", item.text() + (item.detail() == null ? "" : " (" + item.detail() + ")"));
                } else if (part instanceof Synthesis.Label label) {
                    lines.add(label.text() + ":");
                }
            }
        }
        return lines;
    }

    private static void field(List<String> lines, Synthesis.Field field) {
        paragraphs(lines, field.label() + ": ", field.value());
    }

    /** Each paragraph of {@code text} on its own line, the first after {@code prefix}. */
    private static void paragraphs(List<String> lines, String prefix, String text) {
        String[] paragraphs = text.split("\\r\\n|\\r|\\n");
        for (int i = 0; i < paragraphs.length; i++) {
            String clean = paragraphs[i].replace('\t', ' ').replaceAll("\\p{Cntrl}", "").stripTrailing();
            lines.add(i == 0 ? prefix + clean : clean);
        }
    }
}
