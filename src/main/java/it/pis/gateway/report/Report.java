package it.pis.gateway.report;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Canonical report (v1), the one shape every partner's message becomes. Fields that the
 * message did not carry stay null (or empty) and are left out of the JSON.
 */
public record Report(
        UUID id,
        Instant receivedAt,
        Source source,
        Urgency urgency,
        List<TargetGroup> targetGroups,
        Confidentiality confidentiality,
        Person person,
        Location location,
        List<String> needs,
        String narrative,
        Contact contact,
        Boolean consent,
        List<Attachment> attachments,
        ReportStatus status,
        Taken taken,
        String journalRef) {

    public Report {
        targetGroups = targetGroups == null ? List.of() : List.copyOf(targetGroups);
        needs = needs == null ? List.of() : List.copyOf(needs);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public Report markTaken(Taken taken) {
        return new Report(id, receivedAt, source, urgency, targetGroups, confidentiality, person, location,
                needs, narrative, contact, consent, attachments, ReportStatus.TAKEN, taken, journalRef);
    }

    public record Source(String partnerId, String partnerKind, String channel, String externalId,
                         String messageType, String sourceType) {
    }

    public record Person(String familyName, String givenName, java.time.LocalDate birthDate, Integer estimatedAge,
                         Sex sex, Identifier identifier, String citizenship, String language) {
    }

    /**
     * A personal identifier. {@code valid} is false (and {@code problem} says why) when a codice
     * fiscale fails its check: the value is kept, never rejected, so that staff can still act.
     */
    public record Identifier(IdentifierType type, String value, Boolean valid, String problem) {
    }

    public record Location(String description, String municipalityIstat, Double lat, Double lon) {
    }

    public record Contact(String name, String phone, String organisation) {
    }

    public record Attachment(String name, String mediaType, String sha256, Long size) {
    }

    /** Who took the report in charge, and when. */
    public record Taken(String by, Instant at) {
    }
}
