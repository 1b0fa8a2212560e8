package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What came in from and went out to each partner, as the integration admins see it: ids, times,
 * outcomes and causes, never the bytes nor the report (they are personal data, and ADMIN does not
 * read report contents).
 */
public class MessageHistory {

    /** When a partner last sent a message (any outcome) and last had a delivery leave (SENT or ACKNOWLEDGED). */
    public record LastTraffic(Instant lastIn, Instant lastOut) {
    }

    private final JdbcTemplate jdbc;

    public MessageHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Per partner id; partners with no traffic at all are absent. */
    public Map<String, LastTraffic> lastTraffic() {
        Map<String, Instant> in = new HashMap<>();
        jdbc.query("SELECT partner_id, MAX(received_at) FROM inbound_message WHERE partner_id IS NOT NULL"
                + " GROUP BY partner_id", rs -> {
                    in.put(rs.getString(1), instant(rs.getTimestamp(2)));
                });
        Map<String, Instant> out = new HashMap<>();
        jdbc.query("SELECT partner_id, MAX(updated_at) FROM delivery WHERE state IN ('SENT', 'ACKNOWLEDGED')"
                + " GROUP BY partner_id", rs -> {
                    out.put(rs.getString(1), instant(rs.getTimestamp(2)));
                });
        Map<String, LastTraffic> last = new HashMap<>();
        in.forEach((partner, at) -> last.put(partner, new LastTraffic(at, out.get(partner))));
        out.forEach((partner, at) -> last.putIfAbsent(partner, new LastTraffic(null, at)));
        return last;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
