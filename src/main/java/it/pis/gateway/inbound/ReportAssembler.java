package it.pis.gateway.inbound;

import it.pis.gateway.agreement.FieldRule;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.PersonalIdentifiers;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.report.Sex;
import it.pis.gateway.report.TargetGroup;
import it.pis.gateway.report.Urgency;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds a Report from an agreement's mapping, whatever the message format: the format only
 * supplies a {@link SourceReader} that reads a source path. Value maps, defaults and type
 * conversion are the same for every channel. A field the mapping does not fill stays empty:
 * nothing is invented.
 */
public final class ReportAssembler {

    /** Reads the values at a rule's source path (several when the path repeats). */
    @FunctionalInterface
    public interface SourceReader {
        List<String> read(FieldRule rule);
    }

    private ReportAssembler() {
    }

    public static Report assemble(InboundMessage message, InboundChannel channel, SourceReader reader) {
        Draft draft = new Draft();
        Set<String> targets = new LinkedHashSet<>(channel.mapping().keySet());
        targets.addAll(channel.defaults().keySet());
        for (String target : targets) {
            FieldRule rule = channel.mapping().get(target);
            List<String> values = rule == null || rule.from() == null ? List.of() : translate(rule, reader.read(rule));
            if (values.isEmpty()) {
                values = fallback(rule, channel.defaults().get(target));
            }
            if (!values.isEmpty()) {
                draft.set(target, rule == null ? "defaults" : rule.from(), values);
            }
        }
        Report.Source source = new Report.Source(message.partnerId(), message.agreement().kind(), message.channel(),
                message.externalId(), message.messageType(), draft.sourceType);
        return new Report(message.id(), message.receivedAt(), source, draft.urgency, draft.targetGroups,
                draft.confidentiality, draft.person(), draft.location(), draft.needs, draft.narrative,
                draft.contact(), draft.consent, List.of(), ReportStatus.NEW, null, message.id().toString());
    }

    private static List<String> translate(FieldRule rule, List<String> values) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            String trimmed = value.strip();
            if (rule.map().isEmpty()) {
                out.add(trimmed);
            } else if (rule.map().containsKey(trimmed)) {
                out.add(rule.map().get(trimmed));
            } else if (rule.defaultValue() == null) {
                out.add(trimmed);
            }
        }
        return out;
    }

    private static List<String> fallback(FieldRule rule, Object channelDefault) {
        if (rule != null && rule.defaultValue() != null) {
            return List.of(rule.defaultValue());
        }
        if (channelDefault instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return channelDefault == null ? List.of() : List.of(String.valueOf(channelDefault));
    }

    /** Mutable collector of mapped values; turns strings into typed Report fields. */
    private static final class Draft {
        String familyName, givenName, citizenship, language, sourceType, narrative;
        LocalDate birthDate;
        Integer estimatedAge;
        Sex sex;
        Report.Identifier identifier;
        String locationDescription, municipalityIstat, contactName, contactPhone, contactOrganisation;
        Double lat, lon;
        Urgency urgency;
        Confidentiality confidentiality;
        Boolean consent;
        List<TargetGroup> targetGroups = new ArrayList<>();
        List<String> needs = new ArrayList<>();

        void set(String target, String path, List<String> values) {
            String first = values.get(0);
            try {
                switch (target) {
                    case "person.familyName" -> familyName = first;
                    case "person.givenName" -> givenName = first;
                    case "person.birthDate" -> birthDate = date(first);
                    case "person.estimatedAge" -> estimatedAge = Integer.valueOf(first);
                    case "person.sex" -> sex = Sex.valueOf(first);
                    case "person.identifier" -> identifier = PersonalIdentifiers.identify(first);
                    case "person.citizenship" -> citizenship = first;
                    case "person.language" -> language = first;
                    case "location.description" -> locationDescription = first;
                    case "location.municipalityIstat" -> municipalityIstat = istat(first);
                    case "location.lat" -> lat = coordinate(first, 90);
                    case "location.lon" -> lon = coordinate(first, 180);
                    case "needs" -> needs.addAll(values);
                    case "narrative" -> narrative = String.join("\n", values);
                    case "contact.name" -> contactName = first;
                    case "contact.phone" -> contactPhone = first;
                    case "contact.organisation" -> contactOrganisation = first;
                    case "urgency" -> urgency = Urgency.valueOf(first);
                    case "targetGroups" -> values.forEach(v -> addTargetGroup(TargetGroup.valueOf(v)));
                    case "confidentiality" -> confidentiality = Confidentiality.valueOf(first);
                    case "consent" -> consent = bool(first);
                    case "sourceType" -> sourceType = first;
                    default -> throw new IllegalArgumentException("unknown Report field");
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new MappingException(target, path, "'" + first + "' " + problem(target, e));
            }
        }

        private void addTargetGroup(TargetGroup group) {
            if (!targetGroups.contains(group)) {
                targetGroups.add(group);
            }
        }

        private static String problem(String target, RuntimeException e) {
            return switch (target) {
                case "person.birthDate" -> "is not a date (YYYYMMDD or YYYY-MM-DD)";
                case "person.estimatedAge" -> "is not a whole number of years";
                case "person.sex" -> "is not one of " + List.of(Sex.values()) + " (add a 'map' to the rule)";
                case "urgency" -> "is not one of " + List.of(Urgency.values()) + " (add a 'map' to the rule)";
                case "confidentiality" -> "is not one of " + List.of(Confidentiality.values());
                case "targetGroups" -> "is not one of " + List.of(TargetGroup.values());
                default -> e instanceof NumberFormatException ? "is not a decimal number" : e.getMessage();
            };
        }

        /** HL7 DT/DTM (YYYYMMDD[HHMM...]) or ISO date; partial dates are not birth dates. */
        private static LocalDate date(String value) {
            if (value.matches("\\d{8}.*")) {
                return LocalDate.parse(value.substring(0, 4) + "-" + value.substring(4, 6) + "-" + value.substring(6, 8));
            }
            return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        }

        private static String istat(String value) {
            if (!value.matches("\\d{6}")) {
                throw new IllegalArgumentException("is not an ISTAT municipality code (6 digits)");
            }
            return value;
        }

        private static Double coordinate(String value, int limit) {
            double d = Double.parseDouble(value);
            if (Double.isNaN(d) || Math.abs(d) > limit) {
                throw new IllegalArgumentException("is not a coordinate within ±" + limit);
            }
            return d;
        }

        private static Boolean bool(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "y", "yes", "true", "1", "si", "sì" -> true;
                case "n", "no", "false", "0" -> false;
                default -> throw new IllegalArgumentException("is not yes/no (Y, N, true, false, 1, 0)");
            };
        }

        Report.Person person() {
            if (allNull(familyName, givenName, birthDate, estimatedAge, sex, identifier, citizenship, language)) {
                return null;
            }
            return new Report.Person(familyName, givenName, birthDate, estimatedAge, sex, identifier, citizenship, language);
        }

        Report.Location location() {
            return allNull(locationDescription, municipalityIstat, lat, lon) ? null
                    : new Report.Location(locationDescription, municipalityIstat, lat, lon);
        }

        Report.Contact contact() {
            return allNull(contactName, contactPhone, contactOrganisation) ? null
                    : new Report.Contact(contactName, contactPhone, contactOrganisation);
        }

        private static boolean allNull(Object... values) {
            for (Object v : values) {
                if (v != null) {
                    return false;
                }
            }
            return true;
        }
    }
}
