package it.pis.gateway.journal;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells HikariCP to drop a connection that H2 reports broken. HikariCP evicts a connection on SQL
 * state 08xxx (what PostgreSQL's driver reports for a lost server) but H2 reports a lost TCP server
 * with its own codes; without this, broken connections went back to the pool and, reused within
 * HikariCP's 500 ms liveness bypass by the journal's busy timers, kept failing after the database
 * had returned: the gateway answered "journal unavailable" until restarted.
 * Configured as {@code spring.datasource.hikari.exception-override-class-name}.
 */
public class BrokenConnectionEviction implements SQLExceptionOverride {

    /** H2's ErrorCode CONNECTION_BROKEN_1, IO_EXCEPTION_1/2, DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN. */
    static final Set<Integer> H2_BROKEN = Set.of(90067, 90028, 90031, 90098, 90121);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (H2_BROKEN.contains(cause.getErrorCode())) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
