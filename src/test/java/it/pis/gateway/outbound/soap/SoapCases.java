package it.pis.gateway.outbound.soap;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementLoader;
import it.pis.gateway.agreement.Outbound;
import it.pis.gateway.agreement.Sharing;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.policy.Minimization;
import it.pis.gateway.policy.SharedField;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.IdentifierType;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.report.Sex;
import it.pis.gateway.report.TargetGroup;
import it.pis.gateway.report.Urgency;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A realistic, entirely fictional case for the police channel: a homeless man found in hypothermia
 * at night in Milan, taken to the emergency department and then to a night shelter. Every field
 * of the report and of the handover carries a value, so that a test sees exactly what each
 * agreement lets leave. Ids and times are fixed: the same input renders the same bytes.
 */
public final class SoapCases {

    public static final UUID HANDOVER = UUID.fromString("0192f3a4-7c1e-7a10-9b2d-5e6f70819203");
    public static final UUID DELIVERY = UUID.fromString("0192f3a4-7c1e-7a11-8c3e-6f7081920314");
    public static final HandoverDocument.Party CENTRE = new HandoverDocument.Party("pis-milano",
            "Pronto intervento sociale – Comune di Milano", "pis-centre", "c_f205", "AOO_PIS", "REG_PIS",
            "pronto.intervento.sociale@pec.comune.milano.example");
    public static final byte[] ATTACHMENT = ("Verbale di accompagnamento n. 412/2026\n"
            + "Il sig. Esposito è stato accompagnato alle 06:25 presso la Casa di accoglienza San Martino.\n")
            .getBytes(StandardCharsets.UTF_8);

    private SoapCases() {
    }

    public static Report report() {
        return new Report(UUID.fromString("0192f3a0-1111-7000-8000-000000000001"), Instant.parse("2026-11-26T02:52:00Z"),
                new Report.Source("ospedale-san-carlo", "hospital", "hl7v2-mllp", "OSC-20261126-0412", "ADT^A04", "3"),
                Urgency.EMERGENCY, List.of(TargetGroup.HOMELESS, TargetGroup.ADULT_IN_DIFFICULTY), Confidentiality.NORMAL,
                new Report.Person("Esposito", "Giuseppe", LocalDate.parse("1961-03-14"), 65, Sex.M,
                        new Report.Identifier(IdentifierType.CF, "SPSGPP61C14F839K", false, "check character is K, expected X"),
                        "IT", "it"),
                new Report.Location("Via Padova 212, sotto il portico della chiesa", "015146", 45.5021, 9.2384),
                List.of("riparo notturno", "pasto caldo", "vestiario"),
                "Uomo di circa 65 anni trovato dalla Polizia locale alle 02:40, disteso sul marciapiede, ipotermico e"
                        + " confuso. Riferisce di dormire in strada da tre settimane dopo lo sfratto.",
                new Report.Contact("Agente scelto Laura Fontana", "+39 02 7727 1", "Polizia locale di Milano, Comando zona 2"),
                true, List.of(), ReportStatus.NEW, null, null);
    }

    public static Handover handover() {
        return new Handover(HANDOVER, List.of(report().id()), Instant.parse("2026-11-26T06:40:00Z"), "op.ferrari",
                List.of("questura-milano"),
                "Uomo senza dimora trovato in ipotermia in via Padova; dimesso dal Pronto soccorso del San Carlo alle"
                        + " 06:10 e accolto in pronta accoglienza notturna alla Casa San Martino.",
                "Condizioni cliniche stabilizzate; forte isolamento sociale, nessuna rete familiare attiva. Rischio di"
                        + " ricaduta in strada alto senza presa in carico entro 72 ore.",
                List.of(new Handover.Action(Instant.parse("2026-11-26T03:05:00Z"),
                                "Contatto con il Pronto soccorso dell'Ospedale San Carlo: paziente in osservazione."),
                        new Handover.Action(Instant.parse("2026-11-26T06:25:00Z"),
                                "Accompagnamento con l'unità di strada alla Casa di accoglienza San Martino.")),
                List.of(new Handover.Intervention("A1.05", "Pronta accoglienza notturna", Instant.parse("2026-11-26T06:25:00Z"),
                        Instant.parse("2026-12-03T08:00:00Z"))),
                new Handover.Placement("casa-accoglienza-san-martino", "PL-2026-0412",
                        "Casa di accoglienza San Martino, via Rovello 12, Milano", Instant.parse("2026-11-26T06:25:00Z"),
                        Instant.parse("2026-12-03T08:00:00Z")),
                new Handover.UrgentHelpProject("Stabilizzare l'accoglienza e avviare la presa in carico del servizio sociale"
                        + " territoriale.", List.of(new Handover.PendingAction("Colloquio di presa in carico",
                        "Servizio sociale professionale Municipio 2", LocalDate.parse("2026-11-28")))),
                List.of(new Handover.JudicialNotice("Procura della Repubblica presso il Tribunale di Milano",
                        Instant.parse("2026-11-26T07:00:00Z"), "Nota prot. 2026/PIS/0412")),
                List.of(new Handover.Attachment("verbale-accompagnamento.txt", "text/plain",
                        sha256(ATTACHMENT), ATTACHMENT.length, ATTACHMENT)),
                Confidentiality.NORMAL);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The demo agreements of protocols/, as the gateway loads them. */
    public static Agreement agreement(String id) {
        return new AgreementLoader(List.of()).load(Path.of("protocols")).byId(id).orElseThrow();
    }

    /** A police agreement that may receive every field. */
    public static Agreement sharingEverything() {
        return new Agreement("polizia-locale-tutto", "police", "Polizia locale (every field)", "test", List.of(),
                new Outbound("soap", "https://polizia.example/soap/interventi", SoapHandoverRenderer.FORMAT, "wss",
                        "tls-only", null, null, null),
                new Sharing(Arrays.stream(SharedField.values()).map(SharedField::path).toList(),
                        List.of(Confidentiality.NORMAL), true));
    }

    /** What the agreement lets leave of the case, as Handovers makes it. */
    public static HandoverDocument document(Agreement recipient) {
        return document(handover(), recipient);
    }

    public static HandoverDocument document(Handover handover, Agreement recipient) {
        return new Minimization().document(handover, List.of(report()), recipient, CENTRE, DELIVERY);
    }
}
