package it.pis.gateway.console;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.Handovers;
import it.pis.gateway.report.Report;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What one recipient would receive, as the compose page shows it: each field that leaves with its
 * value, each field withheld with the rule and the reason, or why the recipient may not receive the
 * handover at all. Built only from what the desk's preview returned.
 */
public record RecipientPreview(String recipient, String name, String format, String refused, List<Field> leaving,
                               List<Withheld> withheld) {

    /** A field that leaves: its name in the agreements' vocabulary (the label key is {@code field.<path>}) and value. */
    public record Field(String path, String value) {
    }

    public record Withheld(String path, String rule, String reason) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    public static RecipientPreview of(Handovers.Preview preview, String name) {
        HandoverDocument d = preview.document();
        if (d == null) {
            return new RecipientPreview(preview.recipient(), name, preview.format(), preview.refused(), List.of(), List.of());
        }
        List<Field> leaving = d.shared().stream().map(path -> new Field(path, value(d, path))).toList();
        List<Withheld> withheld = d.withheld().stream()
                .map(w -> new Withheld(w.field(), WithheldReason.of(w.reason()).key(), w.reason())).toList();
        return new RecipientPreview(preview.recipient(), name, preview.format(), null, leaving, withheld);
    }

    /** The value of one shared field as text, as the recipient's document carries it. */
    static String value(HandoverDocument d, String path) {
        Report.Person p = d.person();
        return switch (path) {
            case "person.familyName" -> p == null ? "" : p.familyName();
            case "person.givenName" -> p == null ? "" : p.givenName();
            case "person.birthDate" -> p == null || p.birthDate() == null ? "" : DAY.format(p.birthDate());
            case "person.estimatedAge" -> p == null ? "" : String.valueOf(p.estimatedAge());
            case "person.sex" -> p == null ? "" : String.valueOf(p.sex());
            case "person.identifier" -> p == null || p.identifier() == null ? ""
                    : p.identifier().type() + " " + p.identifier().value();
            case "person.citizenship" -> p == null ? "" : p.citizenship();
            case "person.language" -> p == null ? "" : p.language();
            case "location" -> d.location() == null ? "" : join(d.location().description(), d.location().municipalityIstat());
            case "needs" -> String.join(", ", d.needs());
            case "narrative" -> d.narrative();
            case "contact" -> d.contact() == null ? ""
                    : join(d.contact().name(), d.contact().phone(), d.contact().organisation());
            case "summary" -> d.summary();
            case "assessment" -> d.assessment();
            case "actions" -> d.actions().stream().map(Handover.Action::text).collect(Collectors.joining("; "));
            case "interventions" -> d.interventions().stream().map(i -> join(i.code(), i.label()))
                    .collect(Collectors.joining("; "));
            case "placement" -> d.placement() == null ? "" : join(d.placement().partnerId(), d.placement().structure());
            case "urgentHelpProject" -> d.urgentHelpProject() == null ? "" : d.urgentHelpProject().goals();
            case "judicialNotices" -> d.judicialNotices().stream().map(Handover.JudicialNotice::authority)
                    .collect(Collectors.joining("; "));
            case "attachments" -> d.attachments().stream().map(Handover.Attachment::name).collect(Collectors.joining(", "));
            default -> "";
        };
    }

    private static String join(String... parts) {
        return Stream.of(parts).filter(Objects::nonNull).filter(s -> !s.isBlank()).collect(Collectors.joining(" · "));
    }
}
