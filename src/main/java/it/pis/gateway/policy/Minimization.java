package it.pis.gateway.policy;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.Sharing;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.handover.HandoverDocument.Party;
import it.pis.gateway.handover.HandoverDocument.Withheld;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.Sex;
import it.pis.gateway.report.TargetGroup;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deny by default: what one recipient may receive of a handover and its reports. Runs when the
 * handover is created (the operator learns at once who may not receive it, and each document is
 * rendered from this cut) and is the only way renderers get their data.
 *
 * <p>The rules, strictest first:
 * <ol>
 * <li>A case whose confidentiality is not in the recipient's {@code sharing.confidentiality} is not
 *     sent to it at all ({@link #refusal}).</li>
 * <li>A violence victim's case, or a VERY_RESTRICTED one, never carries location, contact or
 *     placement, whatever the agreement lists.</li>
 * <li>A trafficking victim's case, or a RESTRICTED one (addiction), carries location only when the
 *     agreement says {@code sharing.allowLocationWhenLabelled: true}.</li>
 * <li>Otherwise a field leaves only when {@code sharing.fields} lists it.</li>
 * </ol>
 */
public final class Minimization {

    private static final Set<SharedField> NEVER_WHEN_STRICT = EnumSet.of(SharedField.LOCATION, SharedField.CONTACT,
            SharedField.PLACEMENT);

    /** Why this recipient may not receive this handover at all, if it may not. */
    public Optional<String> refusal(Handover handover, List<Report> reports, Agreement recipient) {
        Confidentiality level = strictest(handover.confidentiality(), reports);
        Sharing sharing = recipient.sharing();
        if (sharing == null || !sharing.confidentiality().contains(level)) {
            return Optional.of("agreement " + recipient.id() + " may receive only "
                    + (sharing == null ? "nothing" : sharing.confidentiality()) + " cases (sharing.confidentiality);"
                    + " this handover is " + level);
        }
        return Optional.empty();
    }

    /** The strictest of the operator's level (null: NORMAL) and the reports'. */
    public static Confidentiality strictest(Confidentiality requested, List<Report> reports) {
        Confidentiality level = requested == null ? Confidentiality.NORMAL : requested;
        for (Report report : reports) {
            if (report.confidentiality() != null && report.confidentiality().compareTo(level) > 0) {
                level = report.confidentiality();
            }
        }
        return level;
    }

    /**
     * The document for one recipient. Person fields come from the first report that has each, the
     * location from the latest report that has one, needs and narratives from all of them.
     */
    public HandoverDocument document(Handover handover, List<Report> reports, Agreement recipient, Party sender,
                                     UUID deliveryId) {
        Confidentiality level = strictest(handover.confidentiality(), reports);
        Set<TargetGroup> groups = reports.stream().flatMap(r -> r.targetGroups().stream())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(TargetGroup.class)));
        Map<SharedField, Object> values = values(handover, reports);
        Set<SharedField> listed = listed(recipient.sharing());
        boolean locationWhenLabelled = recipient.sharing() != null
                && Boolean.TRUE.equals(recipient.sharing().allowLocationWhenLabelled());

        Map<SharedField, Object> leaving = new EnumMap<>(SharedField.class);
        List<Withheld> withheld = new ArrayList<>();
        for (Map.Entry<SharedField, Object> entry : values.entrySet()) {
            SharedField field = entry.getKey();
            String reason = reasonToWithhold(field, level, groups, listed, locationWhenLabelled, recipient.id());
            if (reason == null) {
                leaving.put(field, entry.getValue());
            } else {
                withheld.add(new Withheld(field.path(), reason));
            }
        }
        return build(handover, deliveryId, level, sender, recipient, leaving, withheld);
    }

    private static String reasonToWithhold(SharedField field, Confidentiality level, Set<TargetGroup> groups,
                                           Set<SharedField> listed, boolean locationWhenLabelled, String recipient) {
        if (NEVER_WHEN_STRICT.contains(field)) {
            if (groups.contains(TargetGroup.VIOLENCE_VICTIM)) {
                return "violence victim's case: location, contact and placement never leave the centre";
            }
            if (level == Confidentiality.VERY_RESTRICTED) {
                return "VERY_RESTRICTED case: location, contact and placement never leave the centre";
            }
        }
        if (field == SharedField.LOCATION && !locationWhenLabelled) {
            if (groups.contains(TargetGroup.TRAFFICKING_VICTIM)) {
                return "trafficking victim's case: location leaves only where the agreement allows it"
                        + " (sharing.allowLocationWhenLabelled)";
            }
            if (level == Confidentiality.RESTRICTED) {
                return "RESTRICTED case: location leaves only where the agreement allows it"
                        + " (sharing.allowLocationWhenLabelled)";
            }
        }
        if (!listed.contains(field)) {
            return "not in agreement " + recipient + "'s sharing.fields";
        }
        return null;
    }

    private static Set<SharedField> listed(Sharing sharing) {
        Set<SharedField> listed = EnumSet.noneOf(SharedField.class);
        if (sharing != null) {
            sharing.fields().forEach(f -> SharedField.ofPath(f).ifPresent(listed::add));
        }
        return listed;
    }

    /** Every field of the case that carries a value, in vocabulary order. */
    private static Map<SharedField, Object> values(Handover handover, List<Report> reports) {
        Map<SharedField, Object> values = new EnumMap<>(SharedField.class);
        put(values, SharedField.PERSON_FAMILY_NAME, first(reports, Report.Person::familyName));
        put(values, SharedField.PERSON_GIVEN_NAME, first(reports, Report.Person::givenName));
        put(values, SharedField.PERSON_BIRTH_DATE, first(reports, Report.Person::birthDate));
        put(values, SharedField.PERSON_ESTIMATED_AGE, first(reports, Report.Person::estimatedAge));
        put(values, SharedField.PERSON_SEX, first(reports, Report.Person::sex));
        put(values, SharedField.PERSON_IDENTIFIER, first(reports, Report.Person::identifier));
        put(values, SharedField.PERSON_CITIZENSHIP, first(reports, Report.Person::citizenship));
        put(values, SharedField.PERSON_LANGUAGE, first(reports, Report.Person::language));
        put(values, SharedField.LOCATION, reports.stream().map(Report::location).filter(Objects::nonNull)
                .reduce((earlier, later) -> later).orElse(null));
        put(values, SharedField.NEEDS, List.copyOf(reports.stream().flatMap(r -> r.needs().stream())
                .collect(Collectors.toCollection(LinkedHashSet::new))));
        put(values, SharedField.NARRATIVE, reports.stream().map(Report::narrative)
                .filter(n -> n != null && !n.isBlank()).collect(Collectors.joining("\n\n")));
        put(values, SharedField.CONTACT, reports.stream().map(Report::contact).filter(Objects::nonNull)
                .findFirst().orElse(null));
        put(values, SharedField.SUMMARY, handover.summary());
        put(values, SharedField.ASSESSMENT, handover.assessment());
        put(values, SharedField.ACTIONS, handover.actions());
        put(values, SharedField.INTERVENTIONS, handover.interventions());
        put(values, SharedField.PLACEMENT, handover.placement());
        put(values, SharedField.URGENT_HELP_PROJECT, handover.urgentHelpProject());
        put(values, SharedField.JUDICIAL_NOTICES, handover.judicialNotices());
        put(values, SharedField.ATTACHMENTS, handover.attachments());
        return values;
    }

    private static <T> T first(List<Report> reports, Function<Report.Person, T> field) {
        return reports.stream().map(Report::person).filter(Objects::nonNull).map(field).filter(Objects::nonNull)
                .findFirst().orElse(null);
    }

    private static void put(Map<SharedField, Object> values, SharedField field, Object value) {
        boolean empty = value == null || value instanceof String s && s.isBlank()
                || value instanceof List<?> l && l.isEmpty();
        if (!empty) {
            values.put(field, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static HandoverDocument build(Handover handover, UUID deliveryId, Confidentiality level, Party sender,
                                          Agreement recipient, Map<SharedField, Object> leaving,
                                          List<Withheld> withheld) {
        Report.Person person = new Report.Person(
                (String) leaving.get(SharedField.PERSON_FAMILY_NAME),
                (String) leaving.get(SharedField.PERSON_GIVEN_NAME),
                (LocalDate) leaving.get(SharedField.PERSON_BIRTH_DATE),
                (Integer) leaving.get(SharedField.PERSON_ESTIMATED_AGE),
                (Sex) leaving.get(SharedField.PERSON_SEX),
                (Report.Identifier) leaving.get(SharedField.PERSON_IDENTIFIER),
                (String) leaving.get(SharedField.PERSON_CITIZENSHIP),
                (String) leaving.get(SharedField.PERSON_LANGUAGE));
        boolean anyPerson = leaving.keySet().stream().anyMatch(f -> f.path().startsWith("person."));
        return new HandoverDocument(handover.id(), deliveryId, handover.createdAt(), handover.author(), level, sender,
                Party.partner(recipient.id(), recipient.name(), recipient.kind()),
                anyPerson ? person : null,
                (Report.Location) leaving.get(SharedField.LOCATION),
                (List<String>) leaving.get(SharedField.NEEDS),
                (String) leaving.get(SharedField.NARRATIVE),
                (Report.Contact) leaving.get(SharedField.CONTACT),
                (String) leaving.get(SharedField.SUMMARY),
                (String) leaving.get(SharedField.ASSESSMENT),
                (List<Handover.Action>) leaving.get(SharedField.ACTIONS),
                (List<Handover.Intervention>) leaving.get(SharedField.INTERVENTIONS),
                (Handover.Placement) leaving.get(SharedField.PLACEMENT),
                (Handover.UrgentHelpProject) leaving.get(SharedField.URGENT_HELP_PROJECT),
                (List<Handover.JudicialNotice>) leaving.get(SharedField.JUDICIAL_NOTICES),
                (List<Handover.Attachment>) leaving.get(SharedField.ATTACHMENTS),
                leaving.keySet().stream().map(SharedField::path).toList(),
                withheld);
    }
}
