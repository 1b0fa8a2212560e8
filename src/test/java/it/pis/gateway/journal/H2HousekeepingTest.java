package it.pis.gateway.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal's H2 with WRITE_DELAY=0 (a file write per commit, as the gateway runs it), written the
 * way intake writes it: small transactions of a few rows with sealed (incompressible) bodies,
 * appended in key order, and indexed. Without housekeeping H2 leaves most of its chunks dead; with
 * H2's own housekeeping run beside the commits they stay mostly live and the file stays near what
 * it holds.
 */
class H2HousekeepingTest {

    private static final int ROWS = 12_000;
    private static final int ROWS_PER_COMMIT = 8;
    private static final int BODY_BYTES = 900;

    @TempDir
    Path dir;
    private final List<SingleConnectionDataSource> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(SingleConnectionDataSource::destroy);
    }

    @Test
    void withoutHousekeepingMostOfTheFileIsDeadChunks() throws Exception {
        SingleConnectionDataSource db = journal("plain");
        write(db, null);
        assertThat(H2Housekeeping.manual(db, false).chunksFillRate()).isLessThan(40);
    }

    @Test
    void housekeepingKeepsTheChunksLiveAndTheFileWithinThreeTimesWhatItStores() throws Exception {
        SingleConnectionDataSource db = journal("kept");
        H2Housekeeping housekeeping = H2Housekeeping.manual(db, false);
        write(db, housekeeping);
        assertThat(housekeeping.chunksFillRate()).isGreaterThanOrEqualTo(50);
        long stored = (long) ROWS * (BODY_BYTES + 36);
        assertThat(Files.size(dir.resolve("kept.mv.db"))).isLessThan(3 * stored);
    }

    @Test
    void withSyncDeadChunksAreKeptForTenSecondsOnlyOnceTheFileHasBeenSynced() throws Exception {
        SingleConnectionDataSource db = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("synced")
                + ";WRITE_DELAY=0", "sa", "", true);
        opened.add(db);
        new JdbcTemplate(db).execute("CREATE TABLE t (k INT PRIMARY KEY)");
        H2Housekeeping housekeeping = H2Housekeeping.manual(db, true);
        assertThat(housekeeping.retentionTimeMillis()).isEqualTo(45_000); // H2's default, for files nobody syncs
        assertThat(housekeeping.runOnce()).isTrue();
        assertThat(housekeeping.retentionTimeMillis()).isEqualTo(H2Housekeeping.RETENTION_WHEN_SYNCED_MS);
    }

    @Test
    void withoutSyncH2sRetentionIsLeftAsItIs() throws Exception {
        SingleConnectionDataSource db = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("unsynced")
                + ";WRITE_DELAY=0", "sa", "", true);
        opened.add(db);
        new JdbcTemplate(db).execute("CREATE TABLE t (k INT PRIMARY KEY)");
        H2Housekeeping housekeeping = H2Housekeeping.manual(db, false);
        assertThat(housekeeping.runOnce()).isTrue();
        assertThat(housekeeping.retentionTimeMillis()).isEqualTo(45_000);
    }

    @Test
    void aDatabaseThatIsNotAnEmbeddedH2IsLeftAlone() throws Exception {
        SingleConnectionDataSource memory = new SingleConnectionDataSource("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "", true);
        opened.add(memory);
        // an in-memory H2 has a store without a file to keep: nothing to do, and no failure
        assertThat(H2Housekeeping.manual(memory, true).runOnce()).isFalse();
    }

    @Test
    void closingLetsARoundUnderWayFinishUninterrupted() throws Exception {
        // an interrupted NIO read or write would close H2's file channel under the database
        CountDownLatch inRound = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        SingleConnectionDataSource memory = new SingleConnectionDataSource("jdbc:h2:mem:" + UUID.randomUUID(), "sa", "", true) {
            @Override
            public Connection getConnection() throws SQLException {
                inRound.countDown();
                try {
                    Thread.sleep(300); // stands for H2's file I/O in the round
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return super.getConnection();
            }
        };
        opened.add(memory);
        H2Housekeeping housekeeping = H2Housekeeping.start(memory, Duration.ofMillis(10), false);
        assertThat(inRound.await(5, TimeUnit.SECONDS)).isTrue();

        housekeeping.close();

        assertThat(interrupted).as("the round under way was interrupted").isFalse();
    }

    private SingleConnectionDataSource journal(String name) {
        // RETENTION_TIME=0 so that freed chunks are reused at once within the test (the gateway keeps H2's 45 s)
        SingleConnectionDataSource db = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve(name)
                + ";WRITE_DELAY=0;RETENTION_TIME=0", "sa", "", true);
        opened.add(db);
        new JdbcTemplate(db).execute("CREATE TABLE m (id UUID PRIMARY KEY, partner VARCHAR(40), at TIMESTAMP,"
                + " body VARBINARY(2000))");
        new JdbcTemplate(db).execute("CREATE INDEX m_partner ON m (partner, at)");
        return db;
    }

    private static void write(SingleConnectionDataSource db, H2Housekeeping housekeeping) throws SQLException {
        SecureRandom random = new SecureRandom();
        var connection = db.getConnection();
        connection.setAutoCommit(false);
        try (var insert = connection.prepareStatement("INSERT INTO m VALUES (?, ?, CURRENT_TIMESTAMP, ?)")) {
            for (int i = 0; i < ROWS; i++) {
                byte[] body = new byte[BODY_BYTES];
                random.nextBytes(body);
                insert.setObject(1, new UUID(i, random.nextLong()));
                insert.setString(2, "partner-" + (i % 4));
                insert.setBytes(3, body);
                insert.executeUpdate();
                if (i % ROWS_PER_COMMIT == ROWS_PER_COMMIT - 1) {
                    connection.commit();
                }
                if (housekeeping != null && i % 400 == 399) {
                    assertThat(housekeeping.runOnce()).isTrue();
                }
            }
            connection.commit();
        }
    }
}
