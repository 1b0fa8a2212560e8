package it.pis.gateway.journal;

import it.pis.gateway.crypto.ReplayGuard;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers every JWS id ({@code jti}) a partner used until its token could no longer be accepted
 * anyway, in the table {@code modi_jti} (Flyway V2). The table, not memory, so that it survives a
 * restart and is shared by every gateway node: the primary key (partner, jti) lets exactly one
 * node take a given jti, even when two receive the replay at the same moment. Expired rows are
 * deleted at most once a minute by whichever node inserts next.
 *
 * <p>Each insert goes through the journal's {@link GroupCommit}, so that the jtis of requests
 * arriving together are committed in one transaction (with the journal writes waiting at that
 * moment) instead of one commit each: the benchmark's FHIR requests spent a fifth of their CPU
 * committing their jti alone. The insert does nothing on a jti already taken ({@code ON CONFLICT
 * DO NOTHING}, PostgreSQL's and H2's): a replay then counts no row instead of failing the
 * transaction it shares with other requests' writes.
 */
public class ModiReplayGuard implements ReplayGuard {

    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final GroupCommit commits;
    private final Clock clock;
    private volatile Instant nextPurge = Instant.MIN;

    public ModiReplayGuard(JdbcTemplate jdbc, GroupCommit commits, Clock clock) {
        this.jdbc = jdbc;
        this.commits = commits;
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String partnerId, String jti, Instant forgetAfter) {
        purgeNowAndThen();
        return commits.write(() -> jdbc.update("INSERT INTO modi_jti (partner_id, jti, expires_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", partnerId, jti, Timestamp.from(forgetAfter))) == 1;
    }

    private void purgeNowAndThen() {
        Instant now = clock.instant();
        if (now.isAfter(nextPurge)) {
            nextPurge = now.plus(PURGE_EVERY);
            jdbc.update("DELETE FROM modi_jti WHERE expires_at < ?", Timestamp.from(now));
        }
    }
}
