package it.pis.gateway.console;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.outbound.HandoverRequest;
import it.pis.gateway.report.Confidentiality;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The compose form as posted: report ids, the recipients ticked, the operator's texts (actions one
 * per line), the confidentiality to raise to, and the form's own Idempotency-Key and start time.
 * The start time dates the actions, so that posting the same form twice makes the same request
 * (and the key returns the first handover instead of sending twice).
 */
public record HandoverForm(List<String> reports, List<String> recipients, String summary, String assessment,
                           String actions, String goals, String confidentiality, String key, String started) {

    /** As the API's Idempotency-Key header. */
    static final int MAX_KEY = 256;

    public HandoverForm {
        reports = reports == null ? List.of() : List.copyOf(reports);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** A fresh form for these reports: a new key, started now. */
    public static HandoverForm start(List<String> reports, Instant now) {
        return new HandoverForm(reports, List.of(), "", "", "", "", "", UUID.randomUUID().toString(), now.toString());
    }

    /** The request, or the message keys of what cannot be read (not the rules: the desk checks those). */
    public record Read(HandoverRequest request, List<String> problems) {
    }

    public Read read() {
        List<String> problems = new ArrayList<>();
        if (key != null && key.length() > MAX_KEY) {
            problems.add("compose.problem.badKey");
        }
        List<UUID> ids = new ArrayList<>();
        for (String report : reports) {
            try {
                ids.add(UUID.fromString(report.strip()));
            } catch (IllegalArgumentException e) {
                problems.add("compose.problem.badReport");
            }
        }
        Confidentiality level = null;
        if (confidentiality != null && !confidentiality.isBlank()) {
            level = Arrays.stream(Confidentiality.values()).filter(c -> c.name().equals(confidentiality)).findFirst()
                    .orElse(null);
            if (level == null) {
                problems.add("compose.problem.badConfidentiality");
            }
        }
        Instant at = startedAt();
        List<Handover.Action> done = actions == null ? List.of() : actions.lines().map(String::strip)
                .filter(l -> !l.isEmpty()).map(l -> new Handover.Action(at, l)).toList();
        Handover.UrgentHelpProject project = goals == null || goals.isBlank() ? null
                : new Handover.UrgentHelpProject(goals.strip(), List.of());
        HandoverRequest request = new HandoverRequest(ids, recipients, null, summary, blankToNull(assessment), done,
                List.of(), null, project, List.of(), List.of(), level);
        return new Read(request, problems);
    }

    /** The Idempotency-Key to send with, or null when the form carries none. */
    public String idempotencyKey() {
        return key == null || key.isBlank() ? null : key;
    }

    public boolean ticked(String recipient) {
        return recipients.contains(recipient);
    }

    private Instant startedAt() {
        try {
            return started == null ? null : Instant.parse(started);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
