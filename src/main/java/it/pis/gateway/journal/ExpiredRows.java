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
 * Removes one kind of expired data in batches: each batch reads the ids of at most {@code batch}
 * expired rows, oldest first, then removes those rows in one statement (its own short transaction:
 * intake goes on between batches), until a batch finds fewer rows than its size. Ids first, then the
 * change: H2 re-reads a subquery on the table it updates while updating it, and stops early.
 */
final class ExpiredRows {

    /**
     * One kind: {@code select(partnerCondition)} reads ids with the cut-off and then the partners'
     * ids as arguments, and a {@code LIMIT ?}; {@code remove(n)} changes n rows by id ({@code ?} each),
     * after {@code removeArgs}.
     */
    interface Kind {
        String select(String partnerCondition);

        String remove(String idList);

        default List<Object> removeArgs(Instant now) {
            return List.of();
        }

        /** {@code rule}: the period that applies, as the row may record it (e.g. {@code pis.retention.handovers P90D}). */
        default List<Object> removeArgs(Instant now, String rule) {
            return removeArgs(now);
        }
    }

    private final JdbcTemplate jdbc;
    private final int batch;

    ExpiredRows(JdbcTemplate jdbc, int batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Each partner with a period of its own against its own cut-off, everyone else against the
     * global one; a kind without a period is left alone.
     */
    long remove(Kind kind, Instant now, RetentionPolicy policy, Function<RetentionPeriods, Duration> period) {
        return remove(kind, now, policy, period, "?", "?");
    }

    /**
     * As above, each batch told which rule applies: {@code retention.<agreementField>} of the partner's
     * agreement, or the global {@code pis.retention.<globalSetting>}, with the period.
     */
    long remove(Kind kind, Instant now, RetentionPolicy policy, Function<RetentionPeriods, Duration> period,
                String agreementField, String globalSetting) {
        long removed = 0;
        List<String> own = new ArrayList<>();
        for (Map.Entry<String, RetentionPeriods> partner : policy.byPartner().entrySet()) {
            Duration mine = period.apply(partner.getValue());
            if (mine == null) {
                continue;
            }
            own.add(partner.getKey());
            removed += batches(kind, kind.select("partner_id = ?"), now, now.minus(mine), List.of(partner.getKey()),
                    "retention." + agreementField + " " + RetentionPeriods.show(mine) + " of agreement " + partner.getKey());
        }
        Duration global = period.apply(policy.global());
        if (global != null) {
            String others = own.isEmpty() ? "1 = 1"
                    : "(partner_id IS NULL OR partner_id NOT IN (" + placeholders(own.size()) + "))";
            removed += batches(kind, kind.select(others), now, now.minus(global), own,
                    "pis.retention." + globalSetting + " " + RetentionPeriods.show(global));
        }
        return removed;
    }

    private long batches(Kind kind, String select, Instant now, Instant cutoff, List<String> partners, String rule) {
        List<Object> selectArgs = new ArrayList<>();
        selectArgs.add(Timestamp.from(cutoff));
        selectArgs.addAll(partners);
        selectArgs.add(batch);
        long removed = 0;
        List<String> ids;
        do {
            ids = jdbc.queryForList(select, String.class, selectArgs.toArray());
            if (!ids.isEmpty()) {
                List<Object> removeArgs = new ArrayList<>(kind.removeArgs(now, rule));
                removeArgs.addAll(ids);
                removed += jdbc.update(kind.remove(placeholders(ids.size())), removeArgs.toArray());
            }
        } while (ids.size() >= batch);
        return removed;
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
