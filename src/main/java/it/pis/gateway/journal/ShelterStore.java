package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What shelters told the centre, as operators read it: the latest free beds, and placement
 * decisions, each linked by placement id to the placement request the centre sent (the
 * json-placement delivery of the handover that carries that placement).
 *
 * <p>A decision for a placement id the gateway never requested from that shelter is kept and shown
 * with a {@code warning}, never dropped: the shelter may have been asked by phone at 3 a.m., or may
 * have mistyped the id, and either way the centre must see its answer.
 */
public class ShelterStore {

    /** The format of placement requests: the delivery that is the request. */
    static final String PLACEMENT_REQUEST_FORMAT = "json-placement";

    /** Free beds of one kind in one structure, as last counted ({@code asOf}), held until {@code until}. */
    public record Beds(String partnerId, String structure, String kind, int free, Instant until, Instant asOf,
                       String documentId) {
    }

    /**
     * A shelter's confirmation or decline of a placement. {@code request} is the latest placement
     * request with that id sent to that shelter; without one, {@code warning} says what is odd.
     * {@code notePurgedAt}: when the retention purge removed the note ({@code note} then null).
     */
    public record Decision(String documentId, String partnerId, String placementId, String decision, String structure,
                           String bedKind, Instant expectedBy, String reason, String note, Instant receivedAt,
                           PlacementRequest request, String warning, Instant notePurgedAt) {

        Decision linked(PlacementRequest request, String warning) {
            return new Decision(documentId, partnerId, placementId, decision, structure, bedKind, expectedBy, reason,
                    note, receivedAt, request, warning, notePurgedAt);
        }
    }

    /** A placement request the centre sent: which handover, its delivery to the shelter and where that stands. */
    public record PlacementRequest(String placementId, UUID handoverId, UUID deliveryId, String partnerId, String state,
                                   int attempts, String messageId, Instant requestedAt, Instant updatedAt) {
    }

    /** Everything about one placement id: the handovers that carry it, the requests sent, the shelters' answers. */
    public record Placement(String placementId, List<UUID> handoverIds, List<PlacementRequest> requests,
                            List<Decision> decisions) {
    }

    /** The table part of a sealed note's associated data. */
    static final String NOTES = "placement_decision";

    private final JdbcTemplate jdbc;
    private final SealedText notes;

    /** Notes in plaintext: for tests of other parts of the journal. */
    public ShelterStore(JdbcTemplate jdbc) {
        this(jdbc, JournalCipher.plaintext());
    }

    /** Notes, a shelter's free text about the person, are opened with {@code cipher} (personal data at rest). */
    public ShelterStore(JdbcTemplate jdbc, JournalCipher cipher) {
        this.jdbc = jdbc;
        this.notes = new SealedText(cipher, NOTES);
    }

    /** The latest count per partner, structure and kind; with {@code availableAt}, only beds still held then. */
    public List<Beds> beds(Instant availableAt) {
        String sql = "SELECT partner_id, structure_id, kind, free_beds, until_at, as_of, document_id FROM bed_availability"
                + (availableAt == null ? "" : " WHERE until_at >= ? AND free_beds > 0")
                + " ORDER BY partner_id, structure_id, kind";
        Object[] args = availableAt == null ? new Object[0] : new Object[] {Timestamp.from(availableAt)};
        return jdbc.query(sql, (rs, i) -> new Beds(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                instant(rs, 5), instant(rs, 6), rs.getString(7)), args);
    }

    /** Decisions on one placement (or all, when null), oldest first, each linked to its request. */
    public List<Decision> decisions(String placementId, int limit) {
        String sql = "SELECT document_id, partner_id, placement_id, decision, structure_id, bed_kind, expected_by, reason,"
                + " note, received_at, note_key_id, note_purged_at FROM placement_decision"
                + (placementId == null ? "" : " WHERE placement_id = ?")
                + " ORDER BY received_at, document_id LIMIT ?";
        Object[] args = placementId == null ? new Object[] {limit} : new Object[] {placementId, limit};
        List<Decision> decisions = jdbc.query(sql, (rs, i) -> new Decision(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), instant(rs, 7), rs.getString(8),
                notes.open(rs.getString(1), rs.getString(11), rs.getString(9)), instant(rs, 10), null, null,
                instant(rs, 12)), args);
        Map<String, List<PlacementRequest>> requests = requests(decisions.stream().map(Decision::placementId)
                .collect(Collectors.toSet())).stream().collect(Collectors.groupingBy(PlacementRequest::placementId));
        return decisions.stream().map(d -> link(d, requests.getOrDefault(d.placementId(), List.of()))).toList();
    }

    /** The handovers, requests and decisions of one placement id; empty when the gateway knows none of them. */
    public Optional<Placement> placement(String placementId, int limit) {
        List<UUID> handovers = jdbc.query("SELECT id FROM handover WHERE placement_id = ? ORDER BY created_at, id",
                (rs, i) -> UUID.fromString(rs.getString(1)), placementId);
        List<Decision> decisions = decisions(placementId, limit);
        if (handovers.isEmpty() && decisions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Placement(placementId, handovers, requests(List.of(placementId)), decisions));
    }

    /** Whether the gateway sent a placement request with this id to this shelter (checked when its answer arrives). */
    static boolean requested(JdbcTemplate jdbc, String placementId, String partnerId) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM handover h JOIN delivery d ON d.handover_id = h.id"
                + " WHERE h.placement_id = ? AND d.partner_id = ? AND d.format = ?", Integer.class, placementId, partnerId,
                PLACEMENT_REQUEST_FORMAT);
        return count != null && count > 0;
    }

    /**
     * The request a decision answers: the latest to the same shelter with that placement id. Without
     * one the decision stays, with a warning saying whether the id was asked of another shelter or
     * of none.
     */
    static Decision link(Decision decision, List<PlacementRequest> requests) {
        Optional<PlacementRequest> own = requests.stream().filter(r -> r.partnerId().equals(decision.partnerId()))
                .max(Comparator.comparing(PlacementRequest::requestedAt));
        if (own.isPresent()) {
            return decision.linked(own.get(), null);
        }
        if (!requests.isEmpty()) {
            return decision.linked(null, "placement " + decision.placementId() + " was requested from "
                    + requests.stream().map(PlacementRequest::partnerId).distinct().collect(Collectors.joining(", "))
                    + ", not from " + decision.partnerId() + ": check with both shelters");
        }
        return decision.linked(null, "the gateway sent no placement request " + decision.placementId() + " to "
                + decision.partnerId() + " (asked by phone? a mistyped id?): kept, check with the shelter");
    }

    private List<PlacementRequest> requests(Collection<String> placementIds) {
        if (placementIds.isEmpty()) {
            return List.of();
        }
        String in = placementIds.stream().map(id -> "?").collect(Collectors.joining(", "));
        Object[] args = new Object[placementIds.size() + 1];
        args[0] = PLACEMENT_REQUEST_FORMAT;
        int i = 1;
        for (String id : placementIds) {
            args[i++] = id;
        }
        return jdbc.query("SELECT h.placement_id, h.id, d.id, d.partner_id, d.state, d.attempts, d.message_id, h.created_at,"
                + " d.updated_at FROM handover h JOIN delivery d ON d.handover_id = h.id WHERE d.format = ?"
                + " AND h.placement_id IN (" + in + ") ORDER BY h.created_at, d.id", (rs, n) -> new PlacementRequest(
                rs.getString(1), UUID.fromString(rs.getString(2)), UUID.fromString(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getInt(6), rs.getString(7), instant(rs, 8), instant(rs, 9)), args);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
