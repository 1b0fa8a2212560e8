package it.pis.gateway.outbound.fhir;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.Outbound;
import it.pis.gateway.agreement.Sharing;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.policy.Minimization;
import it.pis.gateway.policy.SharedField;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.PersonalIdentifiers;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.report.Sex;
import it.pis.gateway.report.TargetGroup;
import it.pis.gateway.report.Urgency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A realistic, fictional case for the FHIR document tests: a man found at night in the cold by
 * the street unit, taken to a night shelter, with a mental-health follow-up. Every field of the
 * report and the handover carries a value, so that a recipient's document is whatever its
 * sharing list lets through the real {@link Minimization}.
 */
public final class HandoverCases {

    public static final HandoverDocument.Party CENTRE = new HandoverDocument.Party("pis-milano",
            "Pronto intervento sociale – Comune di Milano", "pis-centre", "c_f205", "AOO_PIS", "REG_PIS",
            "pronto.intervento.sociale@pec.comune.milano.example");
    public static final UUID HANDOVER_ID = UUID.fromString("0193a1f0-7c2e-7d4a-9b1e-3f5a6c7d8e90");
    public static final UUID DELIVERY_ID = UUID.fromString("0193a1f0-7c2f-7e11-8a2b-4c5d6e7f8091");
    public static final Instant CREATED = Instant.parse("2026-01-10T06:42:00Z");
    public static final String CODICE_FISCALE = "SPSGNN71C14F839D";

    private HandoverCases() {
    }

    public static Report report(Confidentiality confidentiality, Integer estimatedAge, LocalDate birthDate) {
        return new Report(UUID.fromString("0193a1e8-1111-7222-8333-444455556666"), Instant.parse("2026-01-10T01:05:00Z"),
                new Report.Source("uds-milano", "street-unit", "json-rest", "UDS-2026-0110-07", "Report", "9"),
                Urgency.EMERGENCY, List.of(TargetGroup.HOMELESS, TargetGroup.ADULT_IN_DIFFICULTY), confidentiality,
                new Report.Person("Esposito", "Giovanni", birthDate, estimatedAge, Sex.M,
                        PersonalIdentifiers.identify(CODICE_FISCALE), "ITA", "ita"),
                new Report.Location("Portici di Piazza Duca d'Aosta, lato Stazione Centrale", "015146", 45.4852, 9.2040),
                List.of("riparo notturno", "coperte e vestiario", "valutazione psichiatrica"),
                "Uomo di circa 55 anni che dorme sotto i portici con temperatura di -3 °C.\n"
                        + "Appare confuso, riferisce di aver interrotto la terapia da alcune settimane.",
                new Report.Contact("Marco Ferri, operatore UDS", "+39 02 8846 1234", "Unità di strada Comune di Milano"),
                true, List.of(), ReportStatus.TAKEN, null, null);
    }

    public static Handover handover(Confidentiality confidentiality) {
        return new Handover(HANDOVER_ID, List.of(UUID.fromString("0193a1e8-1111-7222-8333-444455556666")), CREATED,
                "op.bianchi", List.of("csm-milano-nord"),
                "Accolto alle 03:10 presso il dormitorio di Viale Ortles dopo il contatto dell'unità di strada.\n"
                        + "Ha accettato il posto letto e un pasto caldo.",
                "Persona senza dimora con probabile scompenso psichico per sospensione della terapia; collaborante, "
                        + "non aggressiva. Rischio elevato se torna in strada nelle prossime notti.",
                List.of(new Handover.Action(Instant.parse("2026-01-10T01:20:00Z"), "Uscita congiunta con l'unità di strada"),
                        new Handover.Action(Instant.parse("2026-01-10T01:55:00Z"), "Verificata la disponibilità di un posto letto"),
                        new Handover.Action(Instant.parse("2026-01-10T02:10:00Z"), "Accompagnato al dormitorio <Ortles> & registrato")),
                List.of(new Handover.Intervention("PIS-ACC-NOTT", "Pronta accoglienza notturna",
                        Instant.parse("2026-01-10T01:10:00Z"), Instant.parse("2026-01-11T06:00:00Z"))),
                new Handover.Placement("casa-accoglienza-san-martino", "PL-2026-0042",
                        "Casa di accoglienza San Martino – dormitorio di Viale Ortles",
                        Instant.parse("2026-01-10T02:10:00Z"), Instant.parse("2026-01-17T08:00:00Z")),
                new Handover.UrgentHelpProject("Ripresa del contatto con il CSM e della terapia entro 48 ore;\n"
                        + "accoglienza notturna garantita per 7 giorni.",
                        List.of(new Handover.PendingAction("Visita psichiatrica", "CSM Milano Nord", LocalDate.of(2026, 1, 12)),
                                new Handover.PendingAction("Colloquio con l'assistente sociale", "Servizi sociali Municipio 2",
                                        LocalDate.of(2026, 1, 14)))),
                List.of(new Handover.JudicialNotice("Procura della Repubblica presso il Tribunale di Milano",
                        Instant.parse("2026-01-10T04:30:00Z"), "Prot. 123/2026")),
                List.of(attachment("relazione-uds.txt", "text/plain", "Relazione UDS: persona trovata alle 02:05, "
                        + "temperatura corporea bassa, nessuna ferita visibile.")),
                confidentiality);
    }

    static Handover.Attachment attachment(String name, String mediaType, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        try {
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            return new Handover.Attachment(name, mediaType, sha256, data.length, data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An agreement receiving fhir-document with exactly these sharing fields. */
    public static Agreement recipient(String id, List<String> fields, boolean locationWhenLabelled) {
        return new Agreement(id, "mental-health", "Centro di salute mentale Milano Nord", "test", List.of(),
                new Outbound("fhir-rest", "https://fhir.example/fhir", "fhir-document", "jws", "tls-only", null, null, null),
                new Sharing(fields, List.of(Confidentiality.NORMAL, Confidentiality.RESTRICTED,
                        Confidentiality.VERY_RESTRICTED), locationWhenLabelled));
    }

    public static List<String> allFields() {
        return Arrays.stream(SharedField.values()).map(SharedField::path).toList();
    }

    /** The document the real minimization cuts for a recipient sharing {@code fields}. */
    public static HandoverDocument document(List<String> fields, Confidentiality confidentiality, Integer estimatedAge,
                                            LocalDate birthDate) {
        return new Minimization().document(handover(confidentiality), List.of(report(confidentiality, estimatedAge,
                birthDate)), recipient("csm-milano-nord", fields, false), CENTRE, DELIVERY_ID);
    }

    public static HandoverDocument everything() {
        return document(allFields(), Confidentiality.NORMAL, 55, LocalDate.of(1971, 3, 14));
    }
}
