package it.pis.gateway.journal;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Removes one kind of expired data in batches: each batch is one statement in its own transaction
 * (short locks, intake goes on between batches), repeated until a batch finds fewer rows than its size.
 * The statement is given the cut-off time, the partner condition and its arguments, and the batch size.
 */
final class ExpiredRows {

    /** Builds the statement for one partner condition, e.g. {@code partner_id = ?}. */
    interface Statement {
        String sql(String partnerCondition);
    }

    private final JdbcTemplate jdbc;
    private final int batch;

    ExpiredRows(JdbcTemplate jdbc, int batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Each partner with a period of its own against its own cut-off, everyone else against the
     * global one; a kind without a period is left alone. {@code extra} are arguments that come first
     * (e.g. the blank bytes and the purge time of an UPDATE).
     */
    long remove(Statement statement, Instant now, RetentionPolicy policy, Function<RetentionPeriods, Duration> period,
                Object... extra) {
        long removed = 0;
        List<String> own = new ArrayList<>();
        for (Map.Entry<String, RetentionPeriods> partner : policy.byPartner().entrySet()) {
            Duration mine = period.apply(partner.getValue());
            if (mine == null) {
                continue;
            }
            own.add(partner.getKey());
            removed += batches(statement.sql("partner_id = ?"), args(extra, now.minus(mine), List.of(partner.getKey())));
        }
        Duration global = period.apply(policy.global());
        if (global != null) {
            String others = own.isEmpty() ? "1 = 1"
                    : "(partner_id IS NULL OR partner_id NOT IN (" + String.join(", ", Collections.nCopies(own.size(), "?")) + "))";
            removed += batches(statement.sql(others), args(extra, now.minus(global), own));
        }
        return removed;
    }

    private long batches(String sql, List<Object> args) {
        long removed = 0;
        int n;
        do {
            n = jdbc.update(sql, args.toArray());
            removed += n;
        } while (n >= batch);
        return removed;
    }

    private List<Object> args(Object[] extra, Instant cutoff, List<String> partners) {
        List<Object> args = new ArrayList<>(List.of(extra));
        args.add(Timestamp.from(cutoff));
        args.addAll(partners);
        args.add(batch);
        return args;
    }
}
