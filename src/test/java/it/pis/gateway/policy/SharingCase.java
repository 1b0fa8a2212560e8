package it.pis.gateway.policy;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.Sharing;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.IdentifierType;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.report.Sex;
import it.pis.gateway.report.TargetGroup;
import it.pis.gateway.report.Urgency;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A random case for the sharing property: a report and a handover whose every field carries
 * values made of unique tokens (so that a token found on the wire says which field leaked), the
 * labels that restrict it, and a random sharing list for the recipient.
 *
 * @param tokens per field, the strings that must not be on the wire when the field is withheld
 */
public record SharingCase(Report report, Handover handover, Set<SharedField> listed, List<Confidentiality> levels,
                          boolean locationWhenLabelled, Map<SharedField, List<String>> tokens) {

    static final Instant AT = Instant.parse("2026-12-01T03:15:00Z");
    /** Fields whose values (an enum, a small number) cannot be told apart by searching the bytes for them. */
    static final Set<SharedField> NOT_SEARCHABLE = EnumSet.of(SharedField.PERSON_SEX, SharedField.PERSON_ESTIMATED_AGE);

    /** The recipient: the given demo agreement with this case's sharing list and levels. */
    public Agreement recipient(Agreement demo) {
        return new Agreement(demo.id(), demo.kind(), demo.name(), demo.legalBasis(), demo.inbound(), demo.outbound(),
                new Sharing(listed.stream().map(SharedField::path).toList(), levels, locationWhenLabelled));
    }

    /** The fields that may leave to this recipient under its list and the case's labels. */
    public Set<SharedField> allowed() {
        Set<SharedField> allowed = EnumSet.noneOf(SharedField.class);
        allowed.addAll(listed);
        boolean strict = report.targetGroups().contains(TargetGroup.VIOLENCE_VICTIM)
                || handover.confidentiality() == Confidentiality.VERY_RESTRICTED;
        boolean locationLabelled = report.targetGroups().contains(TargetGroup.TRAFFICKING_VICTIM)
                || handover.confidentiality() == Confidentiality.RESTRICTED;
        if (strict) {
            allowed.removeAll(EnumSet.of(SharedField.LOCATION, SharedField.CONTACT, SharedField.PLACEMENT));
        }
        if (locationLabelled && !locationWhenLabelled) {
            allowed.remove(SharedField.LOCATION);
        }
        return allowed;
    }

    public static Arbitrary<SharingCase> any() {
        Arbitrary<String> token = Arbitraries.strings().withCharRange('A', 'Z').ofLength(10);
        Arbitrary<List<String>> tokens = token.list().ofSize(24).uniqueElements();
        Arbitrary<Set<SharedField>> listed = Arbitraries.of(SharedField.class).set();
        Arbitrary<Confidentiality> level = Arbitraries.of(Confidentiality.class);
        Arbitrary<Set<TargetGroup>> groups = Arbitraries.of(TargetGroup.VIOLENCE_VICTIM, TargetGroup.TRAFFICKING_VICTIM,
                TargetGroup.HOMELESS, TargetGroup.MINOR).set();
        Arbitrary<LocalDate> birth = Arbitraries.integers().between(0, 30_000)
                .map(days -> LocalDate.of(1930, 1, 1).plusDays(days));
        return Combinators.combine(tokens, listed, level, groups, birth, Arbitraries.of(true, false))
                .as(SharingCase::make);
    }

    private static SharingCase make(List<String> t, Set<SharedField> listed, Confidentiality level, Set<TargetGroup> groups,
                                    LocalDate birthDate, boolean locationWhenLabelled) {
        Map<SharedField, List<String>> tokens = new EnumMap<>(SharedField.class);
        String cf = "CF" + t.get(0).substring(0, 10) + "0000";
        tokens.put(SharedField.PERSON_FAMILY_NAME, List.of(t.get(1)));
        tokens.put(SharedField.PERSON_GIVEN_NAME, List.of(t.get(2)));
        tokens.put(SharedField.PERSON_BIRTH_DATE, dates(birthDate));
        tokens.put(SharedField.PERSON_IDENTIFIER, List.of(cf));
        tokens.put(SharedField.PERSON_CITIZENSHIP, List.of(t.get(3)));
        tokens.put(SharedField.PERSON_LANGUAGE, List.of(t.get(4)));
        tokens.put(SharedField.LOCATION, List.of(t.get(6), t.get(7)));
        tokens.put(SharedField.NEEDS, List.of(t.get(8)));
        tokens.put(SharedField.NARRATIVE, List.of(t.get(9)));
        tokens.put(SharedField.CONTACT, List.of(t.get(10), t.get(11), t.get(12)));
        tokens.put(SharedField.SUMMARY, List.of(t.get(13)));
        tokens.put(SharedField.ASSESSMENT, List.of(t.get(14)));
        tokens.put(SharedField.ACTIONS, List.of(t.get(15)));
        tokens.put(SharedField.INTERVENTIONS, List.of(t.get(16), t.get(17)));
        tokens.put(SharedField.PLACEMENT, List.of(t.get(18), t.get(19)));
        tokens.put(SharedField.URGENT_HELP_PROJECT, List.of(t.get(20), t.get(21)));
        tokens.put(SharedField.JUDICIAL_NOTICES, List.of(t.get(22)));
        tokens.put(SharedField.ATTACHMENTS, List.of(t.get(23)));

        Report report = new Report(UUID.randomUUID(), AT,
                new Report.Source("ospedale-san-carlo", "hospital", "hl7v2-mllp", "X1", "ADT^A04", "3"), Urgency.URGENT,
                new ArrayList<>(groups), level,
                new Report.Person(t.get(1), t.get(2), birthDate, 37, Sex.F,
                        new Report.Identifier(IdentifierType.CF, cf, false, "check character"), t.get(3), t.get(4)),
                new Report.Location("Via " + t.get(6), "0" + t.get(7), 45.4781, 9.2256),
                List.of(t.get(8)), "Narrativa " + t.get(9),
                new Report.Contact(t.get(10), "+39 " + t.get(11), t.get(12)), true, List.of(), ReportStatus.NEW, null, null);
        byte[] attachment = ("Allegato " + t.get(23)).getBytes(StandardCharsets.UTF_8);
        Handover handover = new Handover(UUID.randomUUID(), List.of(report.id()), AT.plusSeconds(3600), "op.rossi",
                List.of("recipient"), "Sintesi " + t.get(13), "Valutazione " + t.get(14),
                List.of(new Handover.Action(AT.plusSeconds(600), "Azione " + t.get(15))),
                List.of(new Handover.Intervention("I" + t.get(16).substring(0, 6), "Intervento " + t.get(17), AT, null)),
                new Handover.Placement("casa-accoglienza-san-martino", "PL-" + t.get(18), "Struttura " + t.get(19), AT, null),
                new Handover.UrgentHelpProject("Obiettivi " + t.get(20), List.of(new Handover.PendingAction(
                        "Compito " + t.get(21), "servizio sociale", LocalDate.of(2026, 12, 10)))),
                List.of(new Handover.JudicialNotice("Procura " + t.get(22), AT, null)),
                List.of(new Handover.Attachment("allegato.txt", "text/plain", sha256(attachment), attachment.length,
                        attachment)),
                level);
        return new SharingCase(report, handover, listed, List.of(Confidentiality.values()), locationWhenLabelled, tokens);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ways a date may be written on the wire: ISO, HL7, Italian numeric and long form. */
    private static List<String> dates(LocalDate date) {
        return List.of(date.toString(), date.format(DateTimeFormatter.BASIC_ISO_DATE),
                date.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")),
                date.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ITALIAN)));
    }
}
