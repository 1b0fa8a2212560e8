package it.pis.gateway.outbound;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.outbound.HandoverRefused.Problem;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of a handover request, checked before anything is looked up: every problem found is
 * reported at once, each naming its field (400). Whether the reports and recipients exist and may
 * receive it is {@link Handovers}'s business (422).
 */
final class HandoverRequestCheck {

    static final int MAX_TEXT = 20_000;
    static final int MAX_SHORT = 256;

    private final long maxAttachmentBytes;

    HandoverRequestCheck(long maxAttachmentBytes) {
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    List<Problem> problems(HandoverRequest r) {
        List<Problem> problems = new ArrayList<>();
        required(problems, "author", r.author(), 128);
        required(problems, "summary", r.summary(), MAX_TEXT);
        optional(problems, "assessment", r.assessment(), MAX_TEXT);
        if (r.reportIds().isEmpty()) {
            problems.add(new Problem("reportIds", "required: the ids of the reports this handover is about"));
        }
        unique(problems, "reportIds", r.reportIds());
        if (r.recipients().isEmpty()) {
            problems.add(new Problem("recipients", "required: the agreement ids of the services that receive it"));
        }
        unique(problems, "recipients", r.recipients());
        for (int i = 0; i < r.recipients().size(); i++) {
            required(problems, "recipients[" + i + "]", r.recipients().get(i), 64);
        }
        for (int i = 0; i < r.actions().size(); i++) {
            Handover.Action a = r.actions().get(i);
            if (a == null) {
                problems.add(new Problem("actions[" + i + "]", "must be an object {at, text}"));
                continue;
            }
            required(problems, "actions[" + i + "].text", a.text(), MAX_TEXT);
        }
        for (int i = 0; i < r.interventions().size(); i++) {
            Handover.Intervention in = r.interventions().get(i);
            if (in == null) {
                problems.add(new Problem("interventions[" + i + "]", "must be an object {code, label, from, to}"));
                continue;
            }
            required(problems, "interventions[" + i + "].code", in.code(), 64);
            optional(problems, "interventions[" + i + "].label", in.label(), MAX_SHORT);
            if (in.from() != null && in.to() != null && in.to().isBefore(in.from())) {
                problems.add(new Problem("interventions[" + i + "].to", "is before from"));
            }
        }
        if (r.placement() != null) {
            Handover.Placement p = r.placement();
            required(problems, "placement.partnerId", p.partnerId(), 64);
            optional(problems, "placement.placementId", p.placementId(), 64);
            if (p.placementId() != null && !p.placementId().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                problems.add(new Problem("placement.placementId", "a letter or digit, then letters, digits, '.', '_'"
                        + " and '-' (it is part of the URL the shelter answers on)"));
            }
            optional(problems, "placement.structure", p.structure(), MAX_SHORT);
            if (p.from() != null && p.to() != null && p.to().isBefore(p.from())) {
                problems.add(new Problem("placement.to", "is before from"));
            }
        }
        if (r.urgentHelpProject() != null) {
            optional(problems, "urgentHelpProject.goals", r.urgentHelpProject().goals(), MAX_TEXT);
            List<Handover.PendingAction> pending = r.urgentHelpProject().pendingActions();
            for (int i = 0; i < pending.size(); i++) {
                String field = "urgentHelpProject.pendingActions[" + i + "]";
                if (pending.get(i) == null) {
                    problems.add(new Problem(field, "must be an object {action, owner, due}"));
                    continue;
                }
                required(problems, field + ".action", pending.get(i).action(), MAX_TEXT);
                optional(problems, field + ".owner", pending.get(i).owner(), MAX_SHORT);
            }
        }
        for (int i = 0; i < r.judicialNotices().size(); i++) {
            Handover.JudicialNotice n = r.judicialNotices().get(i);
            if (n == null) {
                problems.add(new Problem("judicialNotices[" + i + "]", "must be an object {authority, at, reference}"));
                continue;
            }
            required(problems, "judicialNotices[" + i + "].authority", n.authority(), MAX_SHORT);
            optional(problems, "judicialNotices[" + i + "].reference", n.reference(), MAX_SHORT);
        }
        attachments(problems, r.attachments());
        return problems;
    }

    private void attachments(List<Problem> problems, List<HandoverRequest.AttachmentUpload> attachments) {
        long total = 0;
        for (int i = 0; i < attachments.size(); i++) {
            String field = "attachments[" + i + "]";
            HandoverRequest.AttachmentUpload a = attachments.get(i);
            if (a == null) {
                problems.add(new Problem(field, "must be an object {name, mediaType, data}"));
                continue;
            }
            required(problems, field + ".name", a.name(), 128);
            if (a.name() != null && !a.name().matches("[^/\\\\:*?\"<>|\\p{Cntrl}]+")) {
                problems.add(new Problem(field + ".name", "a file name without path or control characters"));
            }
            required(problems, field + ".mediaType", a.mediaType(), 128);
            if (a.mediaType() != null && !a.mediaType().matches("[a-z]+/[a-zA-Z0-9.+-]+")) {
                problems.add(new Problem(field + ".mediaType", "a media type such as application/pdf"));
            }
            if (a.data() == null || a.data().isBlank()) {
                problems.add(new Problem(field + ".data", "required: the content in base64"));
                continue;
            }
            try {
                total += decode(a.data()).length;
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(field + ".data", "is not base64: " + e.getMessage()));
            }
        }
        if (total > maxAttachmentBytes) {
            problems.add(new Problem("attachments", "together " + total + " bytes, more than the "
                    + maxAttachmentBytes + " allowed (pis.handover.max-attachment-bytes)"));
        }
    }

    /** Strict base64 (line breaks allowed): anything else is an error, never silently dropped. */
    static byte[] decode(String base64) {
        return Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
    }

    private static void required(List<Problem> problems, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(field, "required"));
        } else {
            optional(problems, field, value, max);
        }
    }

    private static void optional(List<Problem> problems, String field, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(new Problem(field, "at most " + max + " characters"));
        }
    }

    private static void unique(List<Problem> problems, String field, List<?> values) {
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                problems.add(new Problem(field + "[" + i + "]", "must not be null"));
            } else if (!seen.add(values.get(i))) {
                problems.add(new Problem(field + "[" + i + "]", "'" + values.get(i) + "' is listed twice"));
            }
        }
    }
}
