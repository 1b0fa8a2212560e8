package it.pis.gateway.outbound.pdf;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.IdentifierType;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.Sex;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The <em>documento di sintesi dell'intervento</em> as the PDF a social worker reads: in Italian,
 * A4, PDF/A-2b, the font embedded. It shows the envelope (who sends it to whom, when, the handover
 * id, how confidential it is, on every page) and then, section by section, only the fields the
 * {@link HandoverDocument} carries: a section whose field did not leave is not there at all, not
 * even as a heading, and the withheld list is never printed (its reasons would tell what the case
 * is). Times are in the centre's zone.
 *
 * <p>Drawn with PDFBox directly rather than through an HTML engine (openhtmltopdf): the layout is
 * simple (headings, label–value rows, paragraphs, lists), and drawing it costs about a millisecond
 * where an HTML pipeline costs several; nor does it add a CSS dialect to maintain.
 */
public class SynthesisPdf {

    public static final String MEDIA_TYPE = "application/pdf";
    static final String TITLE = "Documento di sintesi dell'intervento";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ITALY);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy 'ore' HH:mm", Locale.ITALY);

    private final ZoneId zone;
    private final PdfFont font = new PdfFont();
    private final PdfA pdfA = new PdfA();

    /** @param zone the centre's time zone (pis.zone, Europe/Rome), in which every time is printed */
    public SynthesisPdf(ZoneId zone) {
        this.zone = zone;
    }

    /** The PDF of this document, as the recipient will read it. */
    public byte[] render(HandoverDocument document) {
        try (PDDocument pdf = new PDDocument()) {
            pdf.setVersion(1.7f);
            try (PageWriter page = new PageWriter(pdf, font.load(pdf), font)) {
                header(page, document);
                person(page, document.person());
                text(page, "Sintesi dell'intervento", document.summary());
                text(page, "Valutazione professionale", document.assessment());
                actions(page, document.actions());
                interventions(page, document.interventions());
                placement(page, document.placement());
                project(page, document.urgentHelpProject());
                notices(page, document.judicialNotices());
                needs(page, document.needs());
                text(page, "Descrizione della situazione", document.narrative());
                location(page, document.location());
                contact(page, document.contact());
                attachments(page, document.attachments());
                page.footers(confidentiality(document.confidentiality()), "Documento di sintesi " + document.handoverId());
            }
            pdfA.mark(pdf, TITLE, author(document), document.createdAt().atZone(zone), document.deliveryId());
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            pdf.save(out, CompressParameters.DEFAULT_COMPRESSION);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the PDF of handover " + document.handoverId(), e);
        }
    }

    private void header(PageWriter page, HandoverDocument d) throws IOException {
        page.mark(confidentiality(d.confidentiality()));
        if (d.sender() != null && d.sender().name() != null) {
            page.overline(d.sender().name().toUpperCase(Locale.ITALY));
        }
        page.title(TITLE);
        if (d.recipient() != null) {
            page.field("Destinatario", d.recipient().name() == null ? d.recipient().id() : d.recipient().name());
        }
        if (d.sender() != null) {
            page.field("Mittente", join(" \u00b7 ", d.sender().name(),
                    d.sender().ipaCode() == null ? null : "codice IPA " + d.sender().ipaCode()));
        }
        page.field("Data e ora", time(d.createdAt()) + " (" + zone.getId() + ")");
        page.field("Redatto da", d.author());
        page.field("Identificativo", d.handoverId().toString());
        page.field("Riservatezza", confidentiality(d.confidentiality()) + " \u2013 " + handling(d.confidentiality()));
        page.gap(4f);
        page.note("Il documento contiene soltanto le informazioni che l'accordo con il destinatario consente di"
                + " trasmettere. Dati personali: trattarli nei limiti dell'accordo e della normativa vigente.");
        page.gap(4f);
        page.rule(0.8f);
        page.gap(6f);
    }

    private void person(PageWriter page, Report.Person p) throws IOException {
        if (p == null) {
            return;
        }
        page.heading("Persona");
        page.field("Cognome", p.familyName());
        page.field("Nome", p.givenName());
        page.field("Data di nascita", p.birthDate() == null ? null : DATE.format(p.birthDate()));
        page.field("Et\u00e0 stimata", p.estimatedAge() == null ? null : "circa " + p.estimatedAge() + " anni");
        page.field("Sesso", p.sex() == null ? null : sex(p.sex()));
        if (p.identifier() != null && p.identifier().value() != null) {
            String value = p.identifier().value();
            if (Boolean.FALSE.equals(p.identifier().valid())) {
                value += " (attenzione: il carattere di controllo non torna, verificare il codice)";
            }
            page.field(identifierLabel(p.identifier().type()), value);
        }
        page.field("Cittadinanza", p.citizenship());
        page.field("Lingua", p.language());
    }

    private static void text(PageWriter page, String heading, String text) throws IOException {
        if (text == null || text.isBlank()) {
            return;
        }
        page.heading(heading);
        page.paragraph(text);
    }

    private void actions(PageWriter page, List<Handover.Action> actions) throws IOException {
        if (actions.isEmpty()) {
            return;
        }
        page.heading("Azioni svolte");
        for (Handover.Action action : actions) {
            page.item(action.text(), action.at() == null ? null : time(action.at()));
        }
    }

    private void interventions(PageWriter page, List<Handover.Intervention> interventions) throws IOException {
        if (interventions.isEmpty()) {
            return;
        }
        page.heading("Interventi attivati");
        for (Handover.Intervention in : interventions) {
            String what = in.label() == null || in.label().isBlank() ? in.code() : in.label() + " (codice " + in.code() + ")";
            page.item(what, period(in.from(), in.to()));
        }
    }

    private void placement(PageWriter page, Handover.Placement p) throws IOException {
        if (p == null) {
            return;
        }
        page.heading("Collocazione");
        page.field("Struttura", p.structure());
        page.field("Ente (accordo)", p.partnerId());
        page.field("Codice collocazione", p.placementId());
        page.field("Periodo", period(p.from(), p.to()));
    }

    private void project(PageWriter page, Handover.UrgentHelpProject project) throws IOException {
        if (project == null || (blank(project.goals()) && project.pendingActions().isEmpty())) {
            return;
        }
        page.heading("Progetto di aiuto urgente");
        page.field("Obiettivi", project.goals());
        if (!project.pendingActions().isEmpty()) {
            page.gap(2f);
            page.label("Azioni da svolgere");
            for (Handover.PendingAction action : project.pendingActions()) {
                page.item(action.action(), join(" \u00b7 ",
                        action.owner() == null ? null : "Responsabile: " + action.owner(),
                        action.due() == null ? null : "Entro il: " + date(action.due())));
            }
        }
    }

    private void notices(PageWriter page, List<Handover.JudicialNotice> notices) throws IOException {
        if (notices.isEmpty()) {
            return;
        }
        page.heading("Segnalazioni all'autorit\u00e0 giudiziaria");
        for (Handover.JudicialNotice notice : notices) {
            page.item(notice.authority(), join(" \u00b7 ",
                    notice.at() == null ? null : "Inviata il " + time(notice.at()),
                    notice.reference() == null ? null : "Riferimento: " + notice.reference()));
        }
    }

    private static void needs(PageWriter page, List<String> needs) throws IOException {
        if (needs.isEmpty()) {
            return;
        }
        page.heading("Bisogni rilevati");
        for (String need : needs) {
            page.item(need, null);
        }
    }

    private static void location(PageWriter page, Report.Location l) throws IOException {
        if (l == null) {
            return;
        }
        page.heading("Luogo");
        page.field("Descrizione", l.description());
        page.field("Comune (codice ISTAT)", l.municipalityIstat());
        if (l.lat() != null && l.lon() != null) {
            page.field("Coordinate", String.format(Locale.ROOT, "%.6f, %.6f", l.lat(), l.lon()));
        }
    }

    private static void contact(PageWriter page, Report.Contact c) throws IOException {
        if (c == null) {
            return;
        }
        page.heading("Contatto");
        page.field("Nome", c.name());
        page.field("Telefono", c.phone());
        page.field("Ente", c.organisation());
    }

    private static void attachments(PageWriter page, List<Handover.Attachment> attachments) throws IOException {
        if (attachments.isEmpty()) {
            return;
        }
        page.heading("Allegati");
        NumberFormat bytes = NumberFormat.getIntegerInstance(Locale.ITALY);
        for (Handover.Attachment a : attachments) {
            page.item(a.name(), join(" \u00b7 ", a.mediaType(), bytes.format(a.size()) + " byte",
                    a.sha256() == null ? null : "SHA-256 " + a.sha256()));
        }
    }

    static String confidentiality(Confidentiality level) {
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

    private String time(Instant at) {
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

    private static String author(HandoverDocument d) {
        return d.author() == null ? "" : d.author().replaceAll("\\p{Cntrl}", " ").strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String join(String separator, String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                present.add(part);
            }
        }
        return present.isEmpty() ? null : String.join(separator, present);
    }
}
