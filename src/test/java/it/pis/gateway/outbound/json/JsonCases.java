package it.pis.gateway.outbound.json;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.AgreementSet;
import it.pis.gateway.agreement.Outbound;
import it.pis.gateway.agreement.Sharing;
import it.pis.gateway.crypto.CertificateFiles;
import it.pis.gateway.crypto.CmsEncryption;
import it.pis.gateway.crypto.DevCertificates;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Two fictional cases of a night at the Milan PIS, as the renderers' tests and the samples in
 * docs/samples use them: Giuseppe, a homeless man the street unit found in the cold (a placement
 * request to the San Martino shelter), and Anna, a woman fleeing violence with her children,
 * reported by the anti-violence centre (the handover back to the centre).
 */
final class JsonCases {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final AgreementSet DEMO = AgreementFiles.loader().load(AgreementFiles.DEMO);
    static final HandoverDocument.Party CENTRE = new HandoverDocument.Party("pis-milano",
            "Pronto intervento sociale – Comune di Milano", "pis-centre", "c_f205", "AOO_PIS", "REG_PIS",
            "pronto.intervento.sociale@pec.comune.milano.example");
    static final String SHELTER = "casa-accoglienza-san-martino";
    static final String CAV = "cav-milano";

    private JsonCases() {
    }

    static Agreement demo(String id) {
        return DEMO.byId(id).orElseThrow();
    }

    /** A json-handover recipient over TLS only that may receive every field at every level. */
    static Agreement everything() {
        return new Agreement("test-everything", "social-service", "Receives every field", "test", List.of(),
                new Outbound("json-rest", "https://localhost/handover", "json-handover", "none", "tls-only", null, null,
                        null),
                new Sharing(Arrays.stream(SharedField.values()).map(SharedField::path).toList(),
                        List.of(Confidentiality.values()), true));
    }

    /** The San Martino shelter's agreement with other sharing rules (what a differently agreed shelter gets). */
    static Agreement shelterSharing(List<String> fields, List<Confidentiality> levels) {
        Agreement demo = demo(SHELTER);
        return new Agreement(demo.id(), demo.kind(), demo.name(), demo.legalBasis(), demo.inbound(), demo.outbound(),
                new Sharing(fields, levels, null));
    }

    /** The street unit's report on Giuseppe, 23:02 on a night of the cold emergency plan. */
    static Report giuseppe() {
        return new Report(UUID.fromString("01944f2a-7c1e-7d30-9a51-3b6f0e2d4c11"), Instant.parse("2026-01-10T22:02:00Z"),
                new Report.Source("uds-milano", "street-unit", "json-rest", "UDS-2026-0118", "Report", "7"),
                Urgency.EMERGENCY, List.of(TargetGroup.HOMELESS), Confidentiality.NORMAL,
                new Report.Person("Ferri", "Giuseppe", null, 67, Sex.M,
                        new Report.Identifier(IdentifierType.CF, "FRRGPP58M12F205Q", false, "check character is Q, expected X"),
                        "ITA", "it"),
                new Report.Location("Portici di via Vittor Pisani, angolo piazza Duca d'Aosta (Stazione Centrale)",
                        "015146", 45.4847, 9.2036),
                List.of("night-shelter", "warm-meal", "medical-check"),
                "Uomo sui 65-70 anni dorme su cartoni sotto i portici; previsti -3 °C. Riferisce di aver perso la casa"
                        + " in affitto a ottobre. Tosse persistente: rifiuta il pronto soccorso, accetta un posto letto.",
                new Report.Contact("Luca Bassi", "+39 02 8845 1234", "Unità di strada – Comune di Milano"),
                true, List.of(), ReportStatus.NEW, null, "01944f2a-7c1e-7d30-9a51-3b6f0e2d4c11");
    }

    /** The anti-violence centre's report on Anna, who asked for protection for herself and her two children. */
    static Report anna() {
        return new Report(UUID.fromString("01944f55-1a2b-7c3d-8e4f-5a6b7c8d9e01"), Instant.parse("2026-01-10T23:10:00Z"),
                new Report.Source("cav-milano", "anti-violence", "json-rest", "CAV-2026-0031", "Report", null),
                Urgency.EMERGENCY, List.of(TargetGroup.VIOLENCE_VICTIM), Confidentiality.VERY_RESTRICTED,
                new Report.Person("Colombo", "Anna", null, 34, Sex.F, null, "ITA", "it"),
                new Report.Location("Abitazione familiare, zona Corvetto", "015146", 45.4403, 9.2239),
                List.of("protection", "safe-housing"),
                "Donna con due figli (6 e 9 anni) chiede protezione dopo l'ennesima aggressione del convivente;"
                        + " chiamata dal telefono di una vicina.",
                new Report.Contact("Operatrice CAV di turno", "+39 02 5501 2233", "CAV Milano"),
                true, List.of(), ReportStatus.NEW, null, "01944f55-1a2b-7c3d-8e4f-5a6b7c8d9e01");
    }

    static Handover.Placement sanMartino(String placementId) {
        return new Handover.Placement(SHELTER, placementId, "via-rovello", Instant.parse("2026-01-10T23:45:00Z"),
                Instant.parse("2026-01-17T07:00:00Z"));
    }

    /** The operator's handover about Giuseppe: the night bed at San Martino and the week ahead. */
    static Handover giuseppeHandover(Handover.Placement placement, List<String> recipients) {
        return new Handover(UUID.fromString("01944f60-0000-7000-8000-000000000142"), List.of(giuseppe().id()),
                Instant.parse("2026-01-10T23:40:00Z"), "op.martini", recipients,
                "Uomo senza dimora, 67 anni stimati, esposto al freddo estremo (Piano freddo 2026). Accetta"
                        + " l'accoglienza notturna: chiesto un posto letto alla Casa San Martino, via Rovello.",
                "Rischio di ipotermia elevato; tosse da rivalutare con il medico della struttura.",
                List.of(new Handover.Action(Instant.parse("2026-01-10T23:05:00Z"), "Contatto telefonico con l'unità di strada"),
                        new Handover.Action(Instant.parse("2026-01-10T23:30:00Z"),
                                "Verificata la disponibilità: 3 posti uomini in via Rovello")),
                List.of(new Handover.Intervention("PIS-ACC-NOTTE", "Pronta accoglienza notturna",
                        Instant.parse("2026-01-10T23:45:00Z"), Instant.parse("2026-01-17T07:00:00Z"))),
                placement,
                new Handover.UrgentHelpProject("Accoglienza notturna per la settimana di freddo, visita medica,"
                        + " presa in carico dal servizio sociale del Municipio 2.",
                        List.of(new Handover.PendingAction("Visita medica per la tosse", "Medico della struttura",
                                        LocalDate.parse("2026-01-12")),
                                new Handover.PendingAction("Colloquio con l'assistente sociale", "Servizio sociale Municipio 2",
                                        LocalDate.parse("2026-01-14")))),
                List.of(),
                List.of(new Handover.Attachment("scheda-uds.txt", "text/plain",
                        "58c1e8a4a6e0f1d5b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829", 43,
                        "Scheda di rilevazione UdS n. 2026/118: Ferri".getBytes(StandardCharsets.UTF_8))),
                Confidentiality.NORMAL);
    }

    /** The operator's handover about Anna: protected housing, the court told about the children. */
    static Handover annaHandover(List<String> recipients) {
        return new Handover(UUID.fromString("01944f70-0000-7000-8000-000000000031"), List.of(anna().id()),
                Instant.parse("2026-01-11T00:20:00Z"), "op.ricci", recipients,
                "Anna, 34 anni, con i due figli minori, accolta in struttura protetta a indirizzo riservato dopo"
                        + " l'accesso notturno al Pronto intervento sociale.",
                "Rischio elevato di recidiva (valutazione SARA): il convivente conosce il quartiere.",
                List.of(new Handover.Action(Instant.parse("2026-01-10T23:25:00Z"), "Colloquio telefonico con la donna"),
                        new Handover.Action(Instant.parse("2026-01-11T00:05:00Z"),
                                "Accompagnamento del nucleo in struttura protetta con il taxi sociale")),
                List.of(new Handover.Intervention("PIS-PROT", "Collocamento in protezione",
                        Instant.parse("2026-01-11T00:05:00Z"), null)),
                new Handover.Placement(SHELTER, "PL-2026-0143", "casa-protetta", Instant.parse("2026-01-11T00:05:00Z"), null),
                new Handover.UrgentHelpProject("Messa in protezione del nucleo; avvio del percorso di uscita dalla"
                        + " violenza con il centro antiviolenza.",
                        List.of(new Handover.PendingAction("Primo colloquio con l'operatrice del CAV", "CAV Milano",
                                LocalDate.parse("2026-01-12")))),
                List.of(new Handover.JudicialNotice("Procura della Repubblica presso il Tribunale per i minorenni di Milano",
                        Instant.parse("2026-01-11T00:15:00Z"), "segnalazione 2026/07")),
                List.of(), Confidentiality.VERY_RESTRICTED);
    }

    static HandoverDocument document(Handover handover, Report report, Agreement recipient) {
        return document(handover, report, recipient, UUID.fromString("01944f61-0000-7000-8000-00000000d001"));
    }

    static HandoverDocument document(Handover handover, Report report, Agreement recipient, UUID deliveryId) {
        return new Minimization().document(handover, List.of(report), recipient, CENTRE, deliveryId);
    }

    /** The JSON output step as the application wires it, with certificates from {@code certs}. */
    static JsonOutput output(Path certs) {
        DevCertificates.ensure(certs, List.of(CAV + ".crt"));
        return new JsonOutput(new CmsEncryption(CmsEncryption.ContentEncryption.AES_256_CBC, Clock.systemUTC()),
                new CertificateFiles(certs, false));
    }

    /** Problems of {@code json} against a schema of src/main/resources/json, checked with networknt directly. */
    static List<String> schemaProblems(String resource, byte[] json) throws Exception {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder ->
                builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = JsonCases.class.getClassLoader().getResourceAsStream(resource)) {
            Schema schema = registry.getSchema(in);
            JsonNode tree = JSON.readTree(json);
            return schema.validate(tree).stream().map(Object::toString).toList();
        }
    }
}
