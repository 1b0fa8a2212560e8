package it.pis.gateway.outbound.fhir;

import org.hl7.fhir.r4.model.Narrative.NarrativeStatus;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The human-readable part of a FHIR resource or section, built with HAPI's XHTML nodes so that
 * every value is escaped by the library, never by string concatenation. Italian dates and times
 * in the centre's zone, as a reader in Italy expects them.
 */
final class Narrative {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private final XhtmlNode div = new XhtmlNode(NodeType.Element, "div");
    private final ZoneId zone;

    Narrative(ZoneId zone) {
        this.zone = zone;
        div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
    }

    /** One paragraph per line of the text (blank lines dropped), so that the operator's line breaks survive. */
    Narrative text(String text) {
        for (String line : text.strip().split("\\R")) {
            if (!line.isBlank()) {
                div.addTag("p").addText(line.strip());
            }
        }
        return this;
    }

    /** A paragraph "<b>label</b>: value", left out when the value is null or blank. */
    Narrative field(String label, String value) {
        if (value != null && !value.isBlank()) {
            XhtmlNode p = div.addTag("p");
            p.addTag("b").addText(label);
            p.addText(": " + value.strip());
        }
        return this;
    }

    /** A paragraph in bold, heading what follows. */
    Narrative heading(String text) {
        div.addTag("p").addTag("b").addText(text);
        return this;
    }

    /** A bulleted list. */
    Narrative list(List<String> items) {
        XhtmlNode ul = div.addTag("ul");
        items.forEach(item -> ul.addTag("li").addText(item));
        return this;
    }

    /** A table with a header row; null cells are shown empty. */
    Narrative table(List<String> header, List<List<String>> rows) {
        XhtmlNode table = div.addTag("table");
        XhtmlNode head = table.addTag("tr");
        header.forEach(h -> head.addTag("th").addText(h));
        for (List<String> row : rows) {
            XhtmlNode tr = table.addTag("tr");
            row.forEach(cell -> tr.addTag("td").addText(cell == null ? "" : cell));
        }
        return this;
    }

    String dateTime(Instant at) {
        return dateTime(at, zone);
    }

    static String dateTime(Instant at, ZoneId zone) {
        return at == null ? null : DATE_TIME.format(at.atZone(zone));
    }

    static String date(LocalDate date) {
        return date == null ? null : DATE.format(date);
    }

    /** "dal … al …", "dal …", "fino al …" or null. */
    String period(Instant from, Instant to) {
        if (from != null && to != null) {
            return "dal " + dateTime(from) + " al " + dateTime(to);
        }
        if (from != null) {
            return "dal " + dateTime(from);
        }
        return to == null ? null : "fino al " + dateTime(to);
    }

    org.hl7.fhir.r4.model.Narrative build() {
        return new org.hl7.fhir.r4.model.Narrative().setStatus(NarrativeStatus.GENERATED).setDiv(div);
    }
}
