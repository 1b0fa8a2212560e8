package it.pis.gateway.console;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.outbound.HandoverRequest;
import it.pis.gateway.report.Confidentiality;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HandoverFormTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T03:00:00Z");

    @Test
    void theFormBecomesTheRequestWithOneActionPerLineDatedWhenTheFormWasOpened() {
        UUID report = UUID.randomUUID();
        HandoverForm form = new HandoverForm(List.of(report.toString()), List.of("ospedale-san-carlo"), "Accolto",
                "  ", "Colloquio\n\n  Coperte \r\n", "Documenti", "RESTRICTED", "k1", STARTED.toString());

        HandoverForm.Read read = form.read();

        assertThat(read.problems()).isEmpty();
        HandoverRequest request = read.request();
        assertThat(request.reportIds()).containsExactly(report);
        assertThat(request.recipients()).containsExactly("ospedale-san-carlo");
        assertThat(request.author()).isNull();
        assertThat(request.assessment()).isNull();
        assertThat(request.actions()).containsExactly(new Handover.Action(STARTED, "Colloquio"),
                new Handover.Action(STARTED, "Coperte"));
        assertThat(request.urgentHelpProject().goals()).isEqualTo("Documenti");
        assertThat(request.confidentiality()).isEqualTo(Confidentiality.RESTRICTED);
        assertThat(form.read().request()).as("the same form, the same request").isEqualTo(request);
    }

    @Test
    void whatCannotBeReadIsNamedNotThrown() {
        HandoverForm form = new HandoverForm(List.of("not-a-uuid"), null, null, null, null, null, "SECRET", "k".repeat(300),
                "yesterday");

        HandoverForm.Read read = form.read();

        assertThat(read.problems()).containsExactly("compose.problem.badKey", "compose.problem.badReport",
                "compose.problem.badConfidentiality");
        assertThat(read.request().reportIds()).isEmpty();
        assertThat(read.request().urgentHelpProject()).isNull();
    }

    @Test
    void aNewFormHasItsOwnKey() {
        HandoverForm one = HandoverForm.start(List.of(), STARTED);
        HandoverForm two = HandoverForm.start(List.of(), STARTED);
        assertThat(one.key()).isNotBlank().isNotEqualTo(two.key());
        assertThat(one.started()).isEqualTo(STARTED.toString());
        assertThat(one.idempotencyKey()).isEqualTo(one.key());
        assertThat(new HandoverForm(null, null, null, null, null, null, null, " ", null).idempotencyKey()).isNull();
    }
}
