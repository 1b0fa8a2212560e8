package it.pis.gateway.journal;

import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.json.BedAvailability;
import it.pis.gateway.inbound.json.JsonDocument;
import it.pis.gateway.inbound.json.PlacementDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The durable record of shelter documents that are not Reports (bed availability, placement
 * decisions). Like {@link InboundJournal#accept}, {@link #accept} commits the raw message and the
 * document in one transaction of the group commit before the route answers; a second message with
 * the same partner and Idempotency-Key is recorded as a duplicate and answered with the first
 * document's id, changing nothing else; the same key with other content is refused (422), as
 * {@link InboundJournal} explains. Shelter documents have their own key table
 * ({@code shelter_document}), apart from Reports': a partner that sends both (none does today) may
 * reuse a key across the two without one answering for the other.
 */
public class ShelterJournal {

    private static final Logger log = LoggerFactory.getLogger(ShelterJournal.class);

    /** The document an Idempotency-Key first made, and the hash of its content (null before V9). */
    private record FirstUse(String documentId, String contentHash) {
    }

    private final JdbcTemplate jdbc;
    private final InboundJournal messages;
    private final SealedText notes;

    /** Placement notes in plaintext: for tests of other parts of the journal. */
    public ShelterJournal(JdbcTemplate jdbc, InboundJournal messages) {
        this(jdbc, messages, JournalCipher.plaintext());
    }

    /** A placement decision's note, free text about the person, is sealed by {@code cipher} like the raw message. */
    public ShelterJournal(JdbcTemplate jdbc, InboundJournal messages, JournalCipher cipher) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.notes = new SealedText(cipher, ShelterStore.NOTES);
    }

    /** Commits the message and its document (or records it as a duplicate); returns once durable. */
    public InboundMessage accept(InboundMessage message) {
        JsonDocument document = (JsonDocument) message.protocolData();
        // sealed here, off the group commit's writer thread; the decision's row id is the message's
        JournalCipher.Sealed raw = messages.sealRaw(message);
        SealedText.Stored note = document.content() instanceof PlacementDecision decision
                ? notes.seal(message.id().toString(), decision.note()) : new SealedText.Stored(null, null);
        return messages.durably(message, () -> store(message, raw, document, note));
    }

    private InboundMessage store(InboundMessage message, JournalCipher.Sealed raw, JsonDocument document,
                                 SealedText.Stored note) {
        List<FirstUse> earlier = jdbc.query("SELECT id, content_sha256 FROM shelter_document WHERE partner_id = ?"
                        + " AND external_id = ?", (rs, i) -> new FirstUse(rs.getString(1), rs.getString(2)),
                message.partnerId(), message.externalId());
        if (!earlier.isEmpty()) {
            FirstUse first = earlier.get(0);
            if (!InboundJournal.sameContent(first.contentHash(), message)) {
                return message.keyReused("document " + first.documentId());
            }
            messages.insert(message, raw, "DUPLICATE", null, "same Idempotency-Key as document " + first.documentId(), null);
            document.storedAs(first.documentId(), true);
            return message;
        }
        String id = message.id().toString();
        messages.insert(message, raw, "ACCEPTED", null, null, null);
        jdbc.update("INSERT INTO shelter_document (id, partner_id, external_id, doc_type, received_at, content_sha256)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", id, message.partnerId(), message.externalId(),
                document.type().name(), Timestamp.from(message.receivedAt()), message.contentHash());
        if (document.content() instanceof BedAvailability beds) {
            beds.beds().forEach(b -> latest(message.partnerId(), beds.structure(), b, beds.asOf(), id));
        } else if (document.content() instanceof PlacementDecision decision) {
            jdbc.update("INSERT INTO placement_decision (document_id, partner_id, placement_id, decision, structure_id,"
                            + " bed_kind, expected_by, reason, note, note_key_id, received_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, message.partnerId(), decision.placementId(), decision.decision().name(), decision.structure(),
                    decision.bedKind(), timestamp(decision.expectedBy()), decision.reason(), note.text(), note.keyId(),
                    Timestamp.from(message.receivedAt()));
            if (!ShelterStore.requested(jdbc, decision.placementId(), message.partnerId())) {
                log.warn("{} {} placement {}, which the gateway never requested from it: kept and shown to operators"
                        + " with a warning (GET /api/placements/{})", message.partnerId(), decision.decision(),
                        decision.placementId(), decision.placementId());
            }
        } else {
            throw new IllegalArgumentException("not a shelter document: " + document.type());
        }
        document.storedAs(id, false);
        return message;
    }

    /** Keeps the newest count per structure and kind: an older one (a late resend, a delayed sender) changes nothing. */
    private void latest(String partnerId, String structure, BedAvailability.Beds beds, Instant asOf, String documentId) {
        int updated = jdbc.update("UPDATE bed_availability SET free_beds = ?, until_at = ?, as_of = ?, document_id = ?"
                        + " WHERE partner_id = ? AND structure_id = ? AND kind = ? AND as_of <= ?",
                beds.free(), Timestamp.from(beds.until()), Timestamp.from(asOf), documentId, partnerId, structure,
                beds.kind(), Timestamp.from(asOf));
        if (updated == 0) {
            Integer exists = jdbc.queryForObject("SELECT count(*) FROM bed_availability WHERE partner_id = ?"
                    + " AND structure_id = ? AND kind = ?", Integer.class, partnerId, structure, beds.kind());
            if (exists == null || exists == 0) {
                jdbc.update("INSERT INTO bed_availability (partner_id, structure_id, kind, free_beds, until_at, as_of,"
                                + " document_id) VALUES (?, ?, ?, ?, ?, ?, ?)", partnerId, structure, beds.kind(),
                        beds.free(), Timestamp.from(beds.until()), Timestamp.from(asOf), documentId);
            }
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
