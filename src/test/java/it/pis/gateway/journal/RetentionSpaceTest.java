package it.pis.gateway.journal;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static it.pis.gateway.journal.RetentionPurgeTest.CLOCK;
import static it.pis.gateway.journal.RetentionPurgeTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge really frees space in the embedded H2 file, measured as the file's size (never as time),
 * as the {@code retention purge} command does it: purge, then {@code SHUTDOWN COMPACT}. After
 * blanking 20 MB of raw bytes the file is less than half what it was, and a second load of the same
 * size, purged in turn, gives its bytes back too: the file does not grow load after load. The rows stay.
 */
class RetentionSpaceTest {

    static final int MESSAGES = 400;
    static final int RAW_BYTES = 50_000;

    @TempDir
    Path dir;

    @Test
    void theH2FileShrinksAfterAPurgeAndCompactionAndDoesNotGrowLoadAfterLoad() {
        Path file = dir.resolve("journal.mv.db");

        long loaded = loadThenPurgeAndCompact("first", file);
        long purged = Files.exists(file) ? size(file) : 0;
        loadThenPurgeAndCompact("second", file);
        long purgedAgain = size(file);

        assertThat(loaded).as("the load itself is in the file").isGreaterThan((long) MESSAGES * RAW_BYTES);
        assertThat(purged).as("after purge and compaction, bytes: loaded %d, purged %d", loaded, purged)
                .isLessThan(loaded / 2);
        assertThat(purgedAgain).as("a second load purged gives its bytes back too (the rows themselves stay), bytes:"
                + " loaded %d, purged %d, second load purged %d", loaded, purged, purgedAgain).isLessThan(loaded / 4);
    }

    /** Opens the file, loads expired messages, purges, compacts (which closes); @return the size before the purge */
    private long loadThenPurgeAndCompact(String prefix, Path file) {
        SingleConnectionDataSource db = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("journal")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;COMPRESS=TRUE", "sa", "", true);
        try {
            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(db);
            RetentionPurge purge = new RetentionPurge(jdbc, 100, 1000,
                    new AuditTrail(jdbc, new TransactionTemplate(new DataSourceTransactionManager(db)), CLOCK, "test"),
                    () -> new RetentionPolicy(new RetentionPeriods(Duration.ofDays(90), null), Map.of()), CLOCK);
            load(jdbc, prefix);
            long loaded = size(file);
            assertThat(purge.purge().rawMessagesBlanked()).isEqualTo(MESSAGES);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message WHERE raw_purged_at IS NOT NULL",
                    Integer.class)).as("the rows stay").isGreaterThanOrEqualTo(MESSAGES);
            assertThat(purge.shutdownCompact()).isEqualTo("H2 SHUTDOWN COMPACT");
            return loaded;
        } finally {
            db.destroy();
        }
    }

    private static void load(JdbcTemplate jdbc, String prefix) {
        Random random = new Random(42);
        for (int i = 0; i < MESSAGES; i++) {
            byte[] raw = new byte[RAW_BYTES];
            random.nextBytes(raw);
            jdbc.update("INSERT INTO inbound_message (id, received_at, channel, outcome, raw) VALUES (?, ?, 'hl7v2-mllp',"
                    + " 'ACCEPTED', ?)", prefix + "-" + i, Timestamp.from(NOW.minus(Duration.ofDays(100))), raw);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
