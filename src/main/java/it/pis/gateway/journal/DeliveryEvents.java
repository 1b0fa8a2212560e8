package it.pis.gateway.journal;

import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The history of a delivery: one row per state change or attempt, never updated. */
final class DeliveryEvents {

    private static final int MAX_CAUSE = 4000;

    private DeliveryEvents() {
    }

    static void insert(JdbcTemplate jdbc, UUID deliveryId, Instant at, DeliveryState state, int attempt, String cause) {
        jdbc.update("INSERT INTO delivery_event (delivery_id, at, state, attempt, cause) VALUES (?, ?, ?, ?, ?)",
                deliveryId.toString(), Timestamp.from(at), state.name(), attempt,
                cause == null || cause.length() <= MAX_CAUSE ? cause : cause.substring(0, MAX_CAUSE));
    }

    static List<Delivery.Event> of(JdbcTemplate jdbc, UUID deliveryId) {
        return jdbc.query("SELECT at, state, attempt, cause FROM delivery_event WHERE delivery_id = ? ORDER BY id",
                (rs, i) -> new Delivery.Event(rs.getTimestamp(1).toInstant(), DeliveryState.valueOf(rs.getString(2)),
                        rs.getInt(3), rs.getString(4)), deliveryId.toString());
    }
}
