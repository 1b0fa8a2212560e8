package it.pis.gateway.journal;

import it.pis.gateway.handover.Handover;
import it.pis.gateway.report.Confidentiality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The retention purge's last step for handovers: once none of a handover's deliveries keeps its
 * content (each was acknowledged and its period passed), the handover's body is replaced by its
 * {@link HandoverJournal#envelope envelope} in plaintext (no personal data left to seal) and
 * {@code body_purged_at} is set. The body stays whole as long as any delivery may still be sent,
 * retried or looked into. A body that cannot be opened (its key gone) or read is replaced all the same, by
 * an envelope made from the row's columns (without the report ids), and named in the log: retention
 * does not wait for a key that may never come back.
 */
final class HandoverEnvelopes {

    private static final Logger log = LoggerFactory.getLogger(HandoverEnvelopes.class);

    private final JdbcTemplate jdbc;
    private final SealedText bodies;
    private final JsonMapper json;
    private final int batch;

    HandoverEnvelopes(JdbcTemplate jdbc, JournalCipher cipher, JsonMapper json, int batch) {
        this.jdbc = jdbc;
        this.bodies = new SealedText(cipher, HandoverJournal.TABLE);
        this.json = json;
        this.batch = batch;
    }

    /** @return how many handovers were cut down to their envelope */
    long purge(Instant now) {
        long done = 0;
        List<String> ids;
        do {
            ids = jdbc.queryForList("SELECT id FROM handover h WHERE body_purged_at IS NULL"
                    + " AND EXISTS (SELECT 1 FROM delivery d WHERE d.handover_id = h.id)"
                    + " AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.handover_id = h.id AND d.content_purged_at IS NULL)"
                    + " ORDER BY created_at LIMIT ?", String.class, batch);
            for (String id : ids) {
                done += jdbc.update("UPDATE handover SET body = ?, body_key_id = NULL, body_purged_at = ? WHERE id = ?"
                        + " AND body_purged_at IS NULL", json.writeValueAsString(envelope(id)), Timestamp.from(now), id);
            }
        } while (ids.size() >= batch);
        return done;
    }

    private Handover envelope(String id) {
        return jdbc.queryForObject("SELECT body_key_id, body, created_at, author, confidentiality, placement_id FROM handover"
                + " WHERE id = ?", (rs, i) -> {
                    try {
                        return HandoverJournal.envelope(json.readValue(bodies.open(id, rs.getString(1), rs.getString(2)),
                                Handover.class));
                    } catch (UnreadableJournalRow | JacksonException e) {
                        log.warn("handover {}: its body cannot be read ({}); it is replaced by an envelope made from"
                                + " the row, without its report ids", id, e.getMessage());
                        String placement = rs.getString(6);
                        return new Handover(UUID.fromString(id), List.of(), HandoverJournal.instant(rs, 3), rs.getString(4),
                                recipients(id), null, null, null, null, placement == null ? null
                                : new Handover.Placement(null, placement, null, null, null), null, null, null,
                                Confidentiality.valueOf(rs.getString(5)));
                    }
                }, id);
    }

    private List<String> recipients(String handoverId) {
        return jdbc.queryForList("SELECT partner_id FROM delivery WHERE handover_id = ? ORDER BY seq", String.class, handoverId);
    }
}
