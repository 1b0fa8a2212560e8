package it.pis.gateway.outbound;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.IdentifierType;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.Sex;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A realistic, fictional handover (a man found at night in the cold, taken to a night shelter,
 * an urgent help project with the hospital's social worker), as documents that carry every field
 * or only some, for renderer tests and the samples in docs/samples.
 */
public final class SampleHandovers {

    public static final UUID HANDOVER = UUID.fromString("0193a4c2-7e1f-7a10-9c3e-5b2d8f41a001");
    public static final UUID DELIVERY = UUID.fromString("0193a4c2-7e1f-7a10-9c3e-5b2d8f41a0d1");
    public static final Instant CREATED = Instant.parse("2026-11-26T02:47:00Z");
    public static final HandoverDocument.Party CENTRE = new HandoverDocument.Party("pis-milano",
            "Pronto intervento sociale – Comune di Milano", "pis-centre", "c_f205", "AOO_PIS", "REG_PIS",
            "pronto.intervento.sociale@pec.comune.milano.example");
    public static final HandoverDocument.Party HOSPITAL = HandoverDocument.Party.partner("ospedale-san-carlo",
            "Ospedale San Carlo Borromeo – Pronto soccorso e servizio sociale ospedaliero", "hospital");

    public static final Report.Person PERSON = new Report.Person("D’Amato", "Nicolò", LocalDate.of(1958, 3, 14), 68,
            Sex.M, new Report.Identifier(IdentifierType.CF, "DMTNCL58C14F205R", true, null), "ITA", "ita");
    public static final String SUMMARY = "Il sig. D’Amato è stato trovato alle 01:30 dall’unità di strada sotto i portici"
            + " di piazzale Loreto, in stato di ipotermia lieve e senza coperte. Rifiuta inizialmente l’accompagnamento;"
            + " dopo il colloquio con l’operatrice accetta il posto letto in accoglienza notturna. Già noto al servizio"
            + " (febbraio 2025), perso il contatto con il CPS di zona.";
    public static final String ASSESSMENT = "Condizioni di salute precarie, verosimile uso di alcol; orientato nel tempo e"
            + " nello spazio. Rischio elevato di nuovo episodio di ipotermia nelle prossime notti (allerta freddo del"
            + " Comune attiva fino a lunedì). Rete familiare assente: una sorella a Napoli, non contattata per sua scelta.";
    public static final String GOALS = "Garantire il riparo notturno per tutta la durata dell’allerta freddo; riattivare"
            + " il contatto con il servizio sociale ospedaliero e con il CPS; verificare il diritto alla pensione"
            + " sociale.";
    public static final String NARRATIVE = "Segnalato da un passante al numero del Pronto intervento sociale alle 00:55:"
            + " «un signore anziano dorme per terra e trema». Riferisce di aver perso l’alloggio in via Padova a"
            + " settembre.";

    private SampleHandovers() {
    }

    /** The handover with every field carrying a value, as a recipient allowed everything would receive it. */
    public static HandoverDocument full() {
        return document(Confidentiality.NORMAL, PERSON, new Report.Location("Piazzale Loreto, portici lato corso Buenos Aires",
                        "015146", 45.4857, 9.2160), List.of("riparo notturno", "pasto caldo", "orientamento sanitario"),
                NARRATIVE, new Report.Contact("Chiara Fumagalli (unità di strada)", "+39 02 8845 1234", "Cooperativa Farsi Prossimo"),
                SUMMARY, ASSESSMENT, actions(), interventions(), placement(), project(), notices(), attachments());
    }

    /** What the demo hospital's agreement lets leave: names, birth date, identifier, summary, actions, project. */
    public static HandoverDocument forHospital() {
        return document(Confidentiality.NORMAL, new Report.Person("D’Amato", "Nicolò", LocalDate.of(1958, 3, 14), null,
                        null, PERSON.identifier(), null, null), null, List.of(), null, null, SUMMARY, null, actions(),
                List.of(), null, project(), List.of(), List.of());
    }

    public static HandoverDocument document(Confidentiality level, Report.Person person, Report.Location location,
                                            List<String> needs, String narrative, Report.Contact contact, String summary,
                                            String assessment, List<Handover.Action> actions,
                                            List<Handover.Intervention> interventions, Handover.Placement placement,
                                            Handover.UrgentHelpProject project, List<Handover.JudicialNotice> notices,
                                            List<Handover.Attachment> attachments) {
        return new HandoverDocument(HANDOVER, DELIVERY, CREATED, "op.bianchi (Giulia Bianchi, assistente sociale)", level,
                CENTRE, HOSPITAL, person, location, needs, narrative, contact, summary, assessment, actions,
                interventions, placement, project, notices, attachments, List.of(), List.of());
    }

    public static List<Handover.Action> actions() {
        return List.of(
                new Handover.Action(Instant.parse("2026-11-26T00:30:00Z"), "Uscita dell’unità di strada su segnalazione telefonica."),
                new Handover.Action(Instant.parse("2026-11-26T01:10:00Z"), "Colloquio sul posto; forniti tè caldo e coperta termica."),
                new Handover.Action(Instant.parse("2026-11-26T01:55:00Z"), "Accompagnamento in auto alla Casa di accoglienza San Martino."));
    }

    public static List<Handover.Intervention> interventions() {
        return List.of(new Handover.Intervention("A1.03", "Pronta accoglienza notturna",
                Instant.parse("2026-11-26T02:00:00Z"), Instant.parse("2026-11-30T07:00:00Z")));
    }

    public static Handover.Placement placement() {
        return new Handover.Placement("casa-accoglienza-san-martino", "PL-2026-0457", "Casa di accoglienza San Martino, via Ponzio 12",
                Instant.parse("2026-11-26T02:00:00Z"), Instant.parse("2026-11-30T07:00:00Z"));
    }

    public static Handover.UrgentHelpProject project() {
        return new Handover.UrgentHelpProject(GOALS, List.of(
                new Handover.PendingAction("Colloquio con il servizio sociale ospedaliero e visita in Pronto soccorso",
                        "Servizio sociale ospedaliero San Carlo", LocalDate.of(2026, 11, 27)),
                new Handover.PendingAction("Presa di contatto con il CPS di zona", "Pronto intervento sociale",
                        LocalDate.of(2026, 11, 28))));
    }

    public static List<Handover.JudicialNotice> notices() {
        return List.of(new Handover.JudicialNotice("Procura della Repubblica presso il Tribunale di Milano",
                Instant.parse("2026-11-26T02:30:00Z"), "prot. 2026/PIS/0457"));
    }

    public static List<Handover.Attachment> attachments() {
        byte[] data = "Relazione dell'unità di strada".getBytes(StandardCharsets.UTF_8);
        return List.of(new Handover.Attachment("relazione-unita-di-strada.txt", "text/plain",
                sha256(data), data.length, data));
    }

    static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
