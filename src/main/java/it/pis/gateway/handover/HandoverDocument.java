package it.pis.gateway.handover;

import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.Report;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The handover as one recipient receives it: the envelope (ids, time, sender, recipient, author,
 * confidentiality) always, and of the content only what the recipient's agreement lets leave.
 * Every other field is null or empty. Renderers see nothing but this, so they cannot send what was
 * withheld.
 *
 * @param deliveryId  the delivery to this recipient; message ids on the wire derive from it
 * @param shared      the sharing fields that carry a value in this document, e.g. {@code person.familyName}
 * @param withheld    the fields that had a value but stay in the centre, each with why
 */
public record HandoverDocument(
        UUID handoverId,
        UUID deliveryId,
        Instant createdAt,
        String author,
        Confidentiality confidentiality,
        Party sender,
        Party recipient,
        Report.Person person,
        Report.Location location,
        List<String> needs,
        String narrative,
        Report.Contact contact,
        String summary,
        String assessment,
        List<Handover.Action> actions,
        List<Handover.Intervention> interventions,
        Handover.Placement placement,
        Handover.UrgentHelpProject urgentHelpProject,
        List<Handover.JudicialNotice> judicialNotices,
        List<Handover.Attachment> attachments,
        List<String> shared,
        List<Withheld> withheld) {

    public HandoverDocument {
        needs = needs == null ? List.of() : List.copyOf(needs);
        actions = actions == null ? List.of() : List.copyOf(actions);
        interventions = interventions == null ? List.of() : List.copyOf(interventions);
        judicialNotices = judicialNotices == null ? List.of() : List.copyOf(judicialNotices);
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        shared = shared == null ? List.of() : List.copyOf(shared);
        withheld = withheld == null ? List.of() : List.copyOf(withheld);
    }

    /**
     * The sending centre or the receiving partner. For the centre, {@code ipaCode}, {@code aooCode}
     * and {@code registryCode} are its codes in the IPA index (Segnatura di protocollo); partners
     * have only {@code id}, {@code name} and {@code kind}.
     */
    public record Party(String id, String name, String kind, String ipaCode, String aooCode, String registryCode,
                        String email) {

        public static Party partner(String id, String name, String kind) {
            return new Party(id, name, kind, null, null, null, null);
        }
    }

    /** A field that had a value and did not leave, and why (the agreement rule or the label). */
    public record Withheld(String field, String reason) {
    }
}
