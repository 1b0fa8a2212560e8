package it.pis.gateway.outbound;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.outbound.HandoverRefused.Problem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HandoverRequestCheckTest {

    final HandoverRequestCheck check = new HandoverRequestCheck(100);

    @Test
    void aCompleteRequestHasNoProblem() {
        assertThat(check.problems(request("Accolto", List.of("ospedale-san-carlo"), List.of()))).isEmpty();
    }

    @Test
    void everyProblemIsNamedWithItsField() {
        HandoverRequest request = new HandoverRequest(List.of(), List.of("a", "a"), null, " ", null,
                List.of(new Handover.Action(Instant.now(), "")), null,
                new Handover.Placement(null, "bad id!", null, Instant.parse("2026-12-02T00:00:00Z"),
                        Instant.parse("2026-12-01T00:00:00Z")), null, null,
                List.of(new HandoverRequest.AttachmentUpload("../etc/passwd", "pdf", "%%%")), null);

        assertThat(check.problems(request)).extracting(Problem::field).containsExactly("author", "summary", "reportIds",
                "recipients[1]", "actions[0].text", "placement.partnerId", "placement.placementId", "placement.to",
                "attachments[0].name", "attachments[0].mediaType", "attachments[0].data");
    }

    @Test
    void attachmentsTogetherMayNotExceedTheLimit() {
        String data = Base64.getEncoder().encodeToString(new byte[60]);
        List<HandoverRequest.AttachmentUpload> two = List.of(new HandoverRequest.AttachmentUpload("a.pdf", "application/pdf", data),
                new HandoverRequest.AttachmentUpload("b.pdf", "application/pdf", data));

        assertThat(check.problems(request("Accolto", List.of("x"), two))).singleElement()
                .satisfies(p -> assertThat(p.toString()).isEqualTo("attachments: together 120 bytes, more than the 100"
                        + " allowed (pis.handover.max-attachment-bytes)"));
    }

    private static HandoverRequest request(String summary, List<String> recipients,
                                           List<HandoverRequest.AttachmentUpload> attachments) {
        return new HandoverRequest(List.of(UUID.randomUUID()), recipients, "op.rossi", summary, null, null, null, null,
                null, null, attachments, null);
    }
}
