package it.pis.gateway.outbound.pdf;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.IdentifierType;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.Sex;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the <em>documento di sintesi dell'intervento</em> says, in Italian, before it is drawn
 * ({@link SynthesisPdf}) or written as lines ({@link SynthesisText}): the header, then one section
 * per field the {@link HandoverDocument} carries. A field that did not leave has no section, not
 * even a heading, and the withheld list is never shown (its reasons would tell what the case is).
 * Times are in the centre's zone.
 */
final class Synthesis {

    static final String TITLE = "Documento di sintesi dell'intervento";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ITALY);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy 'ore' HH:mm", Locale.ITALY);

    /** A piece of a section. */
    sealed interface Part permits Field, Paragraph, Item, Label {
    }

    /** A label and its value on one row. */
    record Field(String label, String value) implements Part {
    }

    /** Running text. */
    record Paragraph(String text) implements Part {
    }

    /** A list item and an optional detail line (when, who, by when). */
    record Item(String text, String detail) implements Part {
    }

    /** A label introducing the items that follow. */
    record Label(String text) implements Part {
    }

    record Section(String heading, List<Part> parts) {
    }

    /** The confidentiality mark, who sends it, the envelope fields and the note on minimisation. */
    record Header(String mark, String sender, List<Field> fields, String note) {
    }

    record Content(Header header, List<Section> sections, String footer) {
    }

    private final ZoneId zone;

    Synthesis(ZoneId zone) {
        this.zone = zone;
    }

    ZoneId zone() {
        return zone;
    }

    Content of(HandoverDocument d) {
        List<Section> sections = new ArrayList<>();
        person(sections, d.person());
        text(sections, "Sintesi dell'intervento", d.summary());
        text(sections, "Valutazione professionale", d.assessment());
        actions(sections, d.actions());
        interventions(sections, d.interventions());
        placement(sections, d.placement());
        project(sections, d.urgentHelpProject());
        notices(sections, d.judicialNotices());
        needs(sections, d.needs());
        text(sections, "Descrizione della situazione", d.narrative());
        location(sections, d.location());
        contact(sections, d.contact());
        attachments(sections, d.attachments());
        return new Content(header(d), sections, "Documento di sintesi " + d.handoverId());
    }

    private Header header(HandoverDocument d) {
        List<Field> fields = new ArrayList<>();
        if (d.recipient() != null) {
            add(fields, "Destinatario", d.recipient().name() == null ? d.recipient().id() : d.recipient().name());
        }
        if (d.sender() != null) {
            add(fields, "Mittente", join(" \u00b7 ", d.sender().name(),
                    d.sender().ipaCode() == null ? null : "codice IPA " + d.sender().ipaCode()));
        }
        add(fields, "Data e ora", time(d.createdAt()) + " (" + zone.getId() + ")");
        add(fields, "Redatto da", d.author());
        add(fields, "Identificativo", d.handoverId().toString());
        add(fields, "Riservatezza", mark(d.confidentiality()) + " \u2013 " + handling(d.confidentiality()));
        return new Header(mark(d.confidentiality()), d.sender() == null ? null : d.sender().name(), fields,
                "Il documento contiene soltanto le informazioni che l'accordo con il destinatario consente di"
                        + " trasmettere. Dati personali: trattarli nei limiti dell'accordo e della normativa vigente.");
    }

    private static void person(List<Section> sections, Report.Person p) {
        if (p == null) {
            return;
        }
        List<Part> parts = new ArrayList<>();
        add(parts, "Cognome", p.familyName());
        add(parts, "Nome", p.givenName());
        add(parts, "Data di nascita", p.birthDate() == null ? null : DATE.format(p.birthDate()));
        add(parts, "Et\u00e0 stimata", p.estimatedAge() == null ? null : "circa " + p.estimatedAge() + " anni");
        add(parts, "Sesso", p.sex() == null ? null : sex(p.sex()));
        if (p.identifier() != null && p.identifier().value() != null) {
            String value = p.identifier().value();
            if (Boolean.FALSE.equals(p.identifier().valid())) {
                value += " (attenzione: il carattere di controllo non torna, verificare il codice)";
            }
            add(parts, identifierLabel(p.identifier().type()), value);
        }
        add(parts, "Cittadinanza", p.citizenship());
        add(parts, "Lingua", p.language());
        section(sections, "Persona", parts);
    }

    private static void text(List<Section> sections, String heading, String text) {
        if (!blank(text)) {
            section(sections, heading, List.of(new Paragraph(text.strip())));
        }
    }

    private void actions(List<Section> sections, List<Handover.Action> actions) {
        section(sections, "Azioni svolte", actions.stream()
                .<Part>map(a -> new Item(a.text(), a.at() == null ? null : time(a.at()))).toList());
    }

    private void interventions(List<Section> sections, List<Handover.Intervention> interventions) {
        section(sections, "Interventi attivati", interventions.stream().<Part>map(in -> new Item(
                blank(in.label()) ? in.code() : in.label() + " (codice " + in.code() + ")", period(in.from(), in.to())))
                .toList());
    }

    private void placement(List<Section> sections, Handover.Placement p) {
        if (p == null) {
            return;
        }
        List<Part> parts = new ArrayList<>();
        add(parts, "Struttura", p.structure());
        add(parts, "Ente (accordo)", p.partnerId());
        add(parts, "Codice collocazione", p.placementId());
        add(parts, "Periodo", period(p.from(), p.to()));
        section(sections, "Collocazione", parts);
    }

    private static void project(List<Section> sections, Handover.UrgentHelpProject project) {
        if (project == null) {
            return;
        }
        List<Part> parts = new ArrayList<>();
        add(parts, "Obiettivi", project.goals());
        if (!project.pendingActions().isEmpty()) {
            parts.add(new Label("Azioni da svolgere"));
            for (Handover.PendingAction action : project.pendingActions()) {
                parts.add(new Item(action.action(), join(" \u00b7 ",
                        action.owner() == null ? null : "Responsabile: " + action.owner(),
                        action.due() == null ? null : "Entro il: " + date(action.due()))));
            }
        }
        section(sections, "Progetto di aiuto urgente", parts);
    }

    private void notices(List<Section> sections, List<Handover.JudicialNotice> notices) {
        section(sections, "Segnalazioni all'autorit\u00e0 giudiziaria", notices.stream().<Part>map(n -> new Item(
                n.authority(), join(" \u00b7 ", n.at() == null ? null : "Inviata il " + time(n.at()),
                n.reference() == null ? null : "Riferimento: " + n.reference()))).toList());
    }

    private static void needs(List<Section> sections, List<String> needs) {
        section(sections, "Bisogni rilevati", needs.stream().<Part>map(n -> new Item(n, null)).toList());
    }

    private static void location(List<Section> sections, Report.Location l) {
        if (l == null) {
            return;
        }
        List<Part> parts = new ArrayList<>();
        add(parts, "Descrizione", l.description());
        add(parts, "Comune (codice ISTAT)", l.municipalityIstat());
        if (l.lat() != null && l.lon() != null) {
            add(parts, "Coordinate", String.format(Locale.ROOT, "%.6f, %.6f", l.lat(), l.lon()));
        }
        section(sections, "Luogo", parts);
    }

    private static void contact(List<Section> sections, Report.Contact c) {
        if (c == null) {
            return;
        }
        List<Part> parts = new ArrayList<>();
        add(parts, "Nome", c.name());
        add(parts, "Telefono", c.phone());
        add(parts, "Ente", c.organisation());
        section(sections, "Contatto", parts);
    }

    private static void attachments(List<Section> sections, List<Handover.Attachment> attachments) {
        NumberFormat bytes = NumberFormat.getIntegerInstance(Locale.ITALY);
        section(sections, "Allegati", attachments.stream().<Part>map(a -> new Item(a.name(), join(" \u00b7 ",
                a.mediaType(), bytes.format(a.size()) + " byte", a.sha256() == null ? null : "SHA-256 " + a.sha256())))
                .toList());
    }

    static String mark(Confidentiality level) {
        if (level == Confidentiality.VERY_RESTRICTED) {
            return "STRETTAMENTE RISERVATO";
        }
        return level == Confidentiality.RESTRICTED ? "RISERVATO \u2013 DATI PARTICOLARI" : "RISERVATO";
    }

    private static String handling(Confidentiality level) {
        if (level == Confidentiality.VERY_RESTRICTED) {
            return "solo per gli operatori che hanno in carico la persona; non inoltrare";
        }
        if (level == Confidentiality.RESTRICTED) {
            return "contiene categorie particolari di dati (art. 9 GDPR); non inoltrare";
        }
        return "dati personali per la continuit\u00e0 della presa in carico";
    }

    private static String sex(Sex sex) {
        switch (sex) {
            case M: return "Maschile";
            case F: return "Femminile";
            case OTHER: return "Altro";
            default: return "Non noto";
        }
    }

    private static String identifierLabel(IdentifierType type) {
        if (type == null) {
            return "Identificativo";
        }
        switch (type) {
            case CF: return "Codice fiscale";
            case STP: return "Codice STP";
            case ENI: return "Codice ENI";
            default: return "Identificativo";
        }
    }

    String time(Instant at) {
        return DATE_TIME.format(at.atZone(zone));
    }

    private static String date(LocalDate date) {
        return DATE.format(date);
    }

    private String period(Instant from, Instant to) {
        if (from == null && to == null) {
            return null;
        }
        if (to == null) {
            return "dal " + time(from);
        }
        return from == null ? "fino al " + time(to) : "dal " + time(from) + " al " + time(to);
    }

    private static void section(List<Section> sections, String heading, List<Part> parts) {
        if (!parts.isEmpty()) {
            sections.add(new Section(heading, List.copyOf(parts)));
        }
    }

    private static void add(List<? super Field> parts, String label, String value) {
        if (!blank(value)) {
            parts.add(new Field(label, value.strip()));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String join(String separator, String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                present.add(part);
            }
        }
        return present.isEmpty() ? null : String.join(separator, present);
    }
}
