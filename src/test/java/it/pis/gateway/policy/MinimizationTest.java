package it.pis.gateway.policy;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.Outbound;
import it.pis.gateway.agreement.Sharing;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.IdentifierType;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.report.Sex;
import it.pis.gateway.report.TargetGroup;
import it.pis.gateway.report.Urgency;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The sharing rules, one by one; the property test (MinimizationPropertyTest) checks the bytes on the wire. */
class MinimizationTest {

    static final HandoverDocument.Party CENTRE = new HandoverDocument.Party("pis", "PIS", "pis-centre", "c_f205", "AOO",
            "REG", "pis@pec.example");
    final Minimization minimization = new Minimization();

    @Test
    void onlyTheListedFieldsLeaveAndEveryOtherFieldWithAValueIsWithheldWithItsRule() {
        HandoverDocument doc = document(report(Confidentiality.NORMAL), recipient(List.of("person.familyName", "summary"),
                List.of(Confidentiality.NORMAL), null));

        assertThat(doc.person().familyName()).isEqualTo("Rossi");
        assertThat(doc.person().givenName()).isNull();
        assertThat(doc.person().identifier()).isNull();
        assertThat(doc.summary()).isEqualTo("Accolto in pronta accoglienza notturna");
        assertThat(doc.actions()).isEmpty();
        assertThat(doc.location()).isNull();
        assertThat(doc.shared()).containsExactly("person.familyName", "summary");
        assertThat(doc.withheld()).extracting(HandoverDocument.Withheld::field).contains("person.givenName",
                "person.identifier", "location", "contact", "narrative", "actions", "placement");
        assertThat(doc.withheld()).allSatisfy(w -> assertThat(w.reason()).isEqualTo("not in agreement partner's sharing.fields"));
    }

    @Test
    void aViolenceVictimsCaseNeverCarriesLocationContactOrPlacementWhateverTheAgreementLists() {
        Report report = withGroups(report(Confidentiality.NORMAL), TargetGroup.VIOLENCE_VICTIM);
        HandoverDocument doc = document(report, recipient(List.of("location", "contact", "placement", "summary"),
                List.of(Confidentiality.NORMAL), true));

        assertThat(doc.location()).isNull();
        assertThat(doc.contact()).isNull();
        assertThat(doc.placement()).isNull();
        assertThat(doc.summary()).isNotNull();
        assertThat(doc.withheld()).filteredOn(w -> List.of("location", "contact", "placement").contains(w.field()))
                .hasSize(3).allSatisfy(w -> assertThat(w.reason()).startsWith("violence victim's case"));
    }

    @Test
    void aVeryRestrictedCaseNeverCarriesLocationContactOrPlacement() {
        HandoverDocument doc = document(report(Confidentiality.VERY_RESTRICTED), recipient(List.of("location", "contact",
                "placement"), List.of(Confidentiality.VERY_RESTRICTED), true));

        assertThat(doc.location()).isNull();
        assertThat(doc.contact()).isNull();
        assertThat(doc.placement()).isNull();
        assertThat(doc.withheld()).allSatisfy(w -> assertThat(w.reason()).isIn(
                "VERY_RESTRICTED case: location, contact and placement never leave the centre",
                "not in agreement partner's sharing.fields"));
    }

    @Test
    void aRestrictedOrTraffickingCaseCarriesLocationOnlyWhenTheAgreementAllowsItExplicitly() {
        Report restricted = report(Confidentiality.RESTRICTED);
        Report trafficking = withGroups(report(Confidentiality.NORMAL), TargetGroup.TRAFFICKING_VICTIM);
        List<Confidentiality> levels = List.of(Confidentiality.NORMAL, Confidentiality.RESTRICTED);

        assertThat(document(restricted, recipient(List.of("location"), levels, null)).location()).isNull();
        assertThat(document(restricted, recipient(List.of("location"), levels, null)).withheld())
                .filteredOn(w -> w.field().equals("location"))
                .singleElement().satisfies(w -> assertThat(w.reason()).startsWith("RESTRICTED case"));
        assertThat(document(trafficking, recipient(List.of("location"), levels, false)).location()).isNull();
        assertThat(document(restricted, recipient(List.of("location"), levels, true)).location()).isNotNull();
        assertThat(document(trafficking, recipient(List.of("location"), levels, true)).location()).isNotNull();
        assertThat(document(report(Confidentiality.NORMAL), recipient(List.of("location"), levels, null)).location()).isNotNull();
    }

    @Test
    void aRecipientIsRefusedACaseAboveItsConfidentialityLevels() {
        Agreement normalOnly = recipient(List.of("summary"), List.of(Confidentiality.NORMAL), null);
        Handover handover = handover(Confidentiality.NORMAL);

        assertThat(minimization.refusal(handover, List.of(report(Confidentiality.NORMAL)), normalOnly)).isEmpty();
        assertThat(minimization.refusal(handover, List.of(report(Confidentiality.NORMAL), report(Confidentiality.RESTRICTED)),
                normalOnly)).hasValue("agreement partner may receive only [NORMAL] cases (sharing.confidentiality);"
                + " this handover is RESTRICTED");
        assertThat(minimization.refusal(handover(Confidentiality.VERY_RESTRICTED), List.of(report(Confidentiality.NORMAL)),
                normalOnly)).isPresent();
    }

    @Test
    void theOperatorMayRaiseTheLevelButNeverLowerIt() {
        assertThat(Minimization.strictest(null, List.of(report(Confidentiality.RESTRICTED))))
                .isEqualTo(Confidentiality.RESTRICTED);
        assertThat(Minimization.strictest(Confidentiality.NORMAL, List.of(report(Confidentiality.RESTRICTED))))
                .isEqualTo(Confidentiality.RESTRICTED);
        assertThat(Minimization.strictest(Confidentiality.VERY_RESTRICTED, List.of(report(Confidentiality.NORMAL))))
                .isEqualTo(Confidentiality.VERY_RESTRICTED);
    }

    @Test
    void personFieldsComeFromTheFirstReportThatHasEachAndTheLocationFromTheLatest() {
        Report first = report(Confidentiality.NORMAL);
        Report second = new Report(UUID.randomUUID(), Instant.parse("2026-12-01T04:00:00Z"), first.source(), Urgency.URGENT,
                List.of(), Confidentiality.NORMAL,
                new Report.Person("Bianchi", "Luca", null, 40, Sex.M, null, "MA", "ar"),
                new Report.Location("Stazione Centrale", "015146", 45.48, 9.2), List.of("food", "bed"),
                "Seconda segnalazione", null, null, null, ReportStatus.NEW, null, null);
        HandoverDocument doc = minimization.document(handover(Confidentiality.NORMAL), List.of(first, second),
                recipient(List.of("person.familyName", "person.estimatedAge", "location", "needs", "narrative"),
                        List.of(Confidentiality.NORMAL), null), CENTRE, UUID.randomUUID());

        assertThat(doc.person().familyName()).isEqualTo("Rossi");
        assertThat(doc.person().estimatedAge()).isEqualTo(40);
        assertThat(doc.location().description()).isEqualTo("Stazione Centrale");
        assertThat(doc.needs()).containsExactly("bed", "food");
        assertThat(doc.narrative()).isEqualTo("Trovato al freddo in via Padova\n\nSeconda segnalazione");
    }

    @Test
    void theEnvelopeAlwaysLeaves() {
        UUID delivery = UUID.randomUUID();
        HandoverDocument doc = minimization.document(handover(Confidentiality.NORMAL), List.of(report(Confidentiality.NORMAL)),
                recipient(List.of(), List.of(Confidentiality.NORMAL), null), CENTRE, delivery);

        assertThat(doc.deliveryId()).isEqualTo(delivery);
        assertThat(doc.sender()).isEqualTo(CENTRE);
        assertThat(doc.recipient().id()).isEqualTo("partner");
        assertThat(doc.author()).isEqualTo("op.rossi");
        assertThat(doc.person()).isNull();
        assertThat(doc.shared()).isEmpty();
    }

    private HandoverDocument document(Report report, Agreement recipient) {
        return minimization.document(handover(Confidentiality.NORMAL), List.of(report), recipient, CENTRE, UUID.randomUUID());
    }

    static Agreement recipient(List<String> fields, List<Confidentiality> levels, Boolean locationWhenLabelled) {
        return new Agreement("partner", "hospital", "Partner", "legal basis", List.of(),
                new Outbound("hl7v2-mllp", "mllp://h:1", "hl7v2-mdm", "none", "none", null, null, null),
                new Sharing(fields, levels, locationWhenLabelled));
    }

    static Handover handover(Confidentiality level) {
        return new Handover(UUID.randomUUID(), List.of(), Instant.parse("2026-12-01T05:00:00Z"), "op.rossi",
                List.of("partner"), "Accolto in pronta accoglienza notturna", "Rischio ipotermia",
                List.of(new Handover.Action(Instant.parse("2026-12-01T03:30:00Z"), "Coperte e bevanda calda")),
                List.of(new Handover.Intervention("PA-NOTTE", "Pronta accoglienza notturna", null, null)),
                new Handover.Placement("casa-accoglienza-san-martino", "PL-1", "Dormitorio", null, null),
                new Handover.UrgentHelpProject("Documenti", List.of(new Handover.PendingAction("Rinnovo permesso",
                        "servizio sociale", LocalDate.parse("2026-12-10")))),
                List.of(), List.of(), level);
    }

    static Report report(Confidentiality level) {
        return new Report(UUID.randomUUID(), Instant.parse("2026-12-01T03:15:00Z"),
                new Report.Source("ospedale-san-carlo", "hospital", "hl7v2-mllp", "MSG1", "ADT^A04", "3"),
                Urgency.EMERGENCY, List.of(TargetGroup.HOMELESS), level,
                new Report.Person("Rossi", "Mario", LocalDate.parse("1985-12-10"), null, Sex.M,
                        new Report.Identifier(IdentifierType.CF, "RSSMRA85T10A562S", true, null), "IT", "it"),
                new Report.Location("Via Padova 100", "015146", 45.49, 9.22), List.of("bed"),
                "Trovato al freddo in via Padova", new Report.Contact("Agente Verdi", "+39 02 1234", "Polizia locale"),
                true, List.of(), ReportStatus.NEW, null, null);
    }

    static Report withGroups(Report r, TargetGroup... groups) {
        return new Report(r.id(), r.receivedAt(), r.source(), r.urgency(), List.of(groups), r.confidentiality(), r.person(),
                r.location(), r.needs(), r.narrative(), r.contact(), r.consent(), r.attachments(), r.status(), r.taken(),
                r.journalRef());
    }
}
