package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The gateway's outgoing protocol register (DPR 445/2000 art. 57): numbers progressive per register
 * and calendar year, never given twice, one per delivery. A number given to a handover that was then
 * refused at creation (another recipient could not be rendered) stays in {@code protocol_entry}
 * without a delivery, as a register must not reuse numbers.
 */
public class ProtocolRegister {

    /** A registration: register, number, and when (in the centre's time zone). */
    public record Registration(String registryCode, long number, ZonedDateTime at) {
    }

    private final JdbcTemplate jdbc;
    private final GroupCommit commits;
    private final ZoneId zone;

    public ProtocolRegister(JdbcTemplate jdbc, GroupCommit commits, ZoneId zone) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.zone = zone;
    }

    /** The delivery's registration: the one it already has, or the next number of {@code registryCode} this year. */
    public Registration register(UUID deliveryId, String registryCode, Instant now) {
        return commits.write(() -> {
            List<Registration> earlier = jdbc.query("SELECT registry_code, reg_number, registered_at FROM protocol_entry"
                            + " WHERE delivery_id = ?", (rs, i) -> new Registration(rs.getString(1), rs.getLong(2),
                            HandoverJournal.instant(rs, 3).atZone(zone)), deliveryId.toString());
            if (!earlier.isEmpty()) {
                return earlier.get(0);
            }
            ZonedDateTime at = now.atZone(zone);
            int year = at.getYear();
            jdbc.update("INSERT INTO protocol_counter (registry_code, reg_year, last_number) VALUES (?, ?, 0)"
                    + " ON CONFLICT DO NOTHING", registryCode, year);
            jdbc.update("UPDATE protocol_counter SET last_number = last_number + 1 WHERE registry_code = ? AND reg_year = ?",
                    registryCode, year);
            long number = jdbc.queryForObject("SELECT last_number FROM protocol_counter WHERE registry_code = ?"
                    + " AND reg_year = ?", Long.class, registryCode, year);
            jdbc.update("INSERT INTO protocol_entry (registry_code, reg_year, reg_number, delivery_id, registered_at)"
                    + " VALUES (?, ?, ?, ?, ?)", registryCode, year, number, deliveryId.toString(), Timestamp.from(now));
            return new Registration(registryCode, number, at);
        });
    }
}
