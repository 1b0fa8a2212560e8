package it.pis.gateway.handover;

import it.pis.gateway.report.Confidentiality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Canonical handover (v1): the centre's <em>documento di sintesi dell'intervento</em> about one or
 * more reports (what was found, what was done, the urgent help project, where the person is now),
 * to be sent to the competent services. What each recipient actually receives is a
 * {@link HandoverDocument}, cut down by its agreement.
 *
 * @param confidentiality the strictest of the reports' levels and the operator's choice
 */
public record Handover(
        UUID id,
        List<UUID> reportIds,
        Instant createdAt,
        String author,
        List<String> recipients,
        String summary,
        String assessment,
        List<Action> actions,
        List<Intervention> interventions,
        Placement placement,
        UrgentHelpProject urgentHelpProject,
        List<JudicialNotice> judicialNotices,
        List<Attachment> attachments,
        Confidentiality confidentiality) {

    public Handover {
        reportIds = reportIds == null ? List.of() : List.copyOf(reportIds);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        actions = actions == null ? List.of() : List.copyOf(actions);
        interventions = interventions == null ? List.of() : List.copyOf(interventions);
        judicialNotices = judicialNotices == null ? List.of() : List.copyOf(judicialNotices);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** Something the centre did, and when. */
    public record Action(Instant at, String text) {
    }

    /**
     * A social intervention provided, e.g. night shelter ({@code code} from the centre's catalogue
     * of services, such as the Nomenclatore interventi e servizi sociali), from and to.
     */
    public record Intervention(String code, String label, Instant from, Instant to) {
    }

    /** Where the person is placed: the shelter's agreement, the placement id the shelter answers to. */
    public record Placement(String partnerId, String placementId, String structure, Instant from, Instant to) {
    }

    /** The urgent help project (progetto di aiuto urgente): its goals and what is still to be done, by whom. */
    public record UrgentHelpProject(String goals, List<PendingAction> pendingActions) {
        public UrgentHelpProject {
            pendingActions = pendingActions == null ? List.of() : List.copyOf(pendingActions);
        }
    }

    public record PendingAction(String action, String owner, LocalDate due) {
    }

    /** A notice to a judicial authority, e.g. the juvenile court under art. 403 c.c. */
    public record JudicialNotice(String authority, Instant at, String reference) {
    }

    /** A document sent with the handover; {@code data} is the content itself. */
    public record Attachment(String name, String mediaType, String sha256, long size, byte[] data) {
    }
}
