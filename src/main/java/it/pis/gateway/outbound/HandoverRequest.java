package it.pis.gateway.outbound;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.report.Confidentiality;

import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/handovers}: the operator's documento di sintesi and who should receive it.
 * {@code confidentiality} may raise the level above the reports' (never lower it).
 * Attachments carry their content in base64 ({@code data}).
 */
public record HandoverRequest(
        List<UUID> reportIds,
        List<String> recipients,
        String author,
        String summary,
        String assessment,
        List<Handover.Action> actions,
        List<Handover.Intervention> interventions,
        Handover.Placement placement,
        Handover.UrgentHelpProject urgentHelpProject,
        List<Handover.JudicialNotice> judicialNotices,
        List<AttachmentUpload> attachments,
        Confidentiality confidentiality) {

    public HandoverRequest {
        reportIds = reportIds == null ? List.of() : reportIds;
        recipients = recipients == null ? List.of() : recipients;
        actions = actions == null ? List.of() : actions;
        interventions = interventions == null ? List.of() : interventions;
        judicialNotices = judicialNotices == null ? List.of() : judicialNotices;
        attachments = attachments == null ? List.of() : attachments;
    }

    /** An attachment as uploaded: file name, media type, content in base64. */
    public record AttachmentUpload(String name, String mediaType, String data) {
    }
}
