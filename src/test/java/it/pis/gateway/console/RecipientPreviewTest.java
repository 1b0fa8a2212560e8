package it.pis.gateway.console;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.Outbound;
import it.pis.gateway.agreement.Sharing;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.Handovers;
import it.pis.gateway.policy.Minimization;
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
import static org.assertj.core.api.Assertions.tuple;

/** The preview as the compose page shows it, from what the real minimization decides. */
class RecipientPreviewTest {

    private static final HandoverDocument.Party CENTRE = HandoverDocument.Party.partner("pis", "Centrale", "centre");
    private final Minimization minimization = new Minimization();

    @Test
    void eachLeavingFieldHasItsValueAndEachWithheldOneItsRuleAndReason() {
        Agreement recipient = recipient(List.of("person.familyName", "person.birthDate", "person.identifier", "summary",
                "actions", "location"), List.of(Confidentiality.NORMAL));
        Report report = report(List.of(), Confidentiality.NORMAL);

        RecipientPreview preview = preview(report, recipient);

        assertThat(preview.refused()).isNull();
        assertThat(preview.leaving()).extracting(RecipientPreview.Field::path, RecipientPreview.Field::value).containsExactly(
                tuple("person.familyName", "Rossi"), tuple("person.birthDate", "10/12/1985"),
                tuple("person.identifier", "CF RSSMRA85T10A562S"), tuple("location", "Stazione Centrale · 015146"),
                tuple("summary", "Accolto"), tuple("actions", "Colloquio; Coperte"));
        assertThat(preview.withheld()).extracting(RecipientPreview.Withheld::path, RecipientPreview.Withheld::rule)
                .contains(tuple("person.givenName", "withheld.AGREEMENT"), tuple("contact", "withheld.AGREEMENT"));
        assertThat(preview.withheld()).allSatisfy(w -> assertThat(w.reason()).contains("sharing.fields"));
    }

    @Test
    void theLabelRulesAreNamedAsSuch() {
        Agreement everything = recipient(List.of("person.familyName", "location", "contact"),
                List.of(Confidentiality.NORMAL, Confidentiality.RESTRICTED, Confidentiality.VERY_RESTRICTED));

        assertThat(rules(preview(report(List.of(TargetGroup.VIOLENCE_VICTIM), Confidentiality.NORMAL), everything)))
                .containsExactly(tuple("location", "withheld.VIOLENCE_VICTIM"), tuple("contact", "withheld.VIOLENCE_VICTIM"));
        assertThat(rules(preview(report(List.of(TargetGroup.TRAFFICKING_VICTIM), Confidentiality.NORMAL), everything)))
                .containsExactly(tuple("location", "withheld.TRAFFICKING_VICTIM"));
        assertThat(rules(preview(report(List.of(), Confidentiality.VERY_RESTRICTED), everything)))
                .containsExactly(tuple("location", "withheld.CONFIDENTIALITY"), tuple("contact", "withheld.CONFIDENTIALITY"));
        assertThat(WithheldReason.of("a rule added later")).isEqualTo(WithheldReason.OTHER);
    }

    @Test
    void aRecipientThatMayNotReceiveTheCaseIsShownWithWhyAndNoFields() {
        Agreement normalOnly = recipient(List.of("person.familyName"), List.of(Confidentiality.NORMAL));
        Handover handover = handover();
        Report report = report(List.of(), Confidentiality.RESTRICTED);
        String why = minimization.refusal(handover, List.of(report), normalOnly).orElseThrow();

        RecipientPreview preview = RecipientPreview.of(new Handovers.Preview("partner", "hl7v2-mdm", why, null), "Partner");

        assertThat(preview.refused()).contains("may receive only [NORMAL] cases");
        assertThat(preview.leaving()).isEmpty();
        assertThat(preview.withheld()).isEmpty();
    }

    private static List<org.assertj.core.groups.Tuple> rules(RecipientPreview preview) {
        return preview.withheld().stream().filter(w -> !w.rule().equals("withheld.AGREEMENT"))
                .map(w -> tuple(w.path(), w.rule())).toList();
    }

    private RecipientPreview preview(Report report, Agreement recipient) {
        HandoverDocument document = minimization.document(handover(), List.of(report), recipient, CENTRE, UUID.randomUUID());
        return RecipientPreview.of(new Handovers.Preview(recipient.id(), "hl7v2-mdm", null, document), recipient.name());
    }

    private static Agreement recipient(List<String> fields, List<Confidentiality> levels) {
        return new Agreement("partner", "hospital", "Partner", "legal basis", List.of(),
                new Outbound("hl7v2-mllp", "mllp://h:1", "hl7v2-mdm", "none", "none", null, null, null),
                new Sharing(fields, levels, false));
    }

    private static Handover handover() {
        Instant at = Instant.parse("2026-12-01T03:30:00Z");
        return new Handover(UUID.randomUUID(), List.of(), at, "op.rossi", List.of("partner"), "Accolto", null,
                List.of(new Handover.Action(at, "Colloquio"), new Handover.Action(at, "Coperte")), List.of(), null, null,
                List.of(), List.of(), null);
    }

    private static Report report(List<TargetGroup> groups, Confidentiality level) {
        return new Report(UUID.randomUUID(), Instant.parse("2026-12-01T03:15:00Z"),
                new Report.Source("ospedale-san-carlo", "hospital", "hl7v2-mllp", "MSG1", "ADT^A04", "3"), Urgency.URGENT,
                groups, level, new Report.Person("Rossi", "Mario", LocalDate.parse("1985-12-10"), null, Sex.M,
                new Report.Identifier(IdentifierType.CF, "RSSMRA85T10A562S", true, null), null, null),
                new Report.Location("Stazione Centrale", "015146", null, null), List.of(), null,
                new Report.Contact("Luca", "+39 02 1", null), null, List.of(), ReportStatus.NEW, null, null);
    }
}
