package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** What shelters told the centre, as operators read it: the latest free beds, and placement decisions. */
public class ShelterStore {

    /** Free beds of one kind in one structure, as last counted ({@code asOf}), held until {@code until}. */
    public record Beds(String partnerId, String structure, String kind, int free, Instant until, Instant asOf,
                       String documentId) {
    }

    /** A shelter's confirmation or decline of a placement. */
    public record Decision(String documentId, String partnerId, String placementId, String decision, String structure,
                           String bedKind, Instant expectedBy, String reason, String note, Instant receivedAt) {
    }

    private final JdbcTemplate jdbc;

    public ShelterStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

    /** Decisions on one placement (or all, when null), oldest first. */
    public List<Decision> decisions(String placementId, int limit) {
        String sql = "SELECT document_id, partner_id, placement_id, decision, structure_id, bed_kind, expected_by, reason,"
                + " note, received_at FROM placement_decision" + (placementId == null ? "" : " WHERE placement_id = ?")
                + " ORDER BY received_at, document_id LIMIT ?";
        Object[] args = placementId == null ? new Object[] {limit} : new Object[] {placementId, limit};
        return jdbc.query(sql, (rs, i) -> new Decision(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), instant(rs, 7), rs.getString(8), rs.getString(9), instant(rs, 10)), args);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
