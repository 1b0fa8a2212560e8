package it.pis.gateway.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** What the shared PostgreSQL journal holds, read directly (the nodes' staff API needs a login in production). */
final class Journal {

    private final String url;

    Journal(String url) {
        this.url = url;
    }

    /** Reports per message id (MSH-10) of the demo hospital, for the ids that start with {@code prefix}. */
    Map<String, Integer> reportsPerMessage(String prefix) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement query = c.prepareStatement("SELECT external_id, count(*) FROM report"
                     + " WHERE partner_id = 'ospedale-san-carlo' AND external_id LIKE ? GROUP BY external_id")) {
            query.setString(1, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    /** Report id per message id, for the ids that start with {@code prefix}. */
    Map<String, String> reportIds(String prefix) throws Exception {
        Map<String, String> ids = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement query = c.prepareStatement("SELECT external_id, id FROM report"
                     + " WHERE partner_id = 'ospedale-san-carlo' AND external_id LIKE ?")) {
            query.setString(1, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return ids;
    }

    /**
     * When the gateway first received each of {@code messageIds} in a delivery it stored (accepted or
     * found a duplicate of): the moment it read the frame, before its transaction committed.
     */
    Map<String, Long> firstStoredAtMillis(Collection<String> messageIds) throws Exception {
        Map<String, Long> at = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement query = c.prepareStatement("SELECT min(received_at) FROM inbound_message"
                     + " WHERE partner_id = 'ospedale-san-carlo' AND external_id = ? AND outcome IN ('ACCEPTED', 'DUPLICATE')")) {
            for (String id : messageIds) {
                query.setString(1, id);
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next() && rows.getTimestamp(1) != null) {
                        at.put(id, rows.getTimestamp(1).getTime());
                    }
                }
            }
        }
        return at;
    }

    long outbox() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM report_outbox")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Who holds the relay's lease and until when (the holder is a node's random id, empty when released). */
    String relayLease() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             ResultSet rows = c.createStatement().executeQuery("SELECT holder, until_at FROM outbox_sweep_lease")) {
            return rows.next() ? "held by '" + rows.getString(1) + "' until " + rows.getTimestamp(2).toInstant()
                    + " (now " + java.time.Instant.now() + ")" : "never taken";
        }
    }

    /** Waits until every report left the outbox (published and confirmed by some node). */
    void awaitOutboxEmpty(long seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (outbox() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(outbox() + " reports still in the outbox after " + seconds + " s, relay lease "
                        + relayLease());
            }
            Thread.sleep(500);
        }
    }
}
