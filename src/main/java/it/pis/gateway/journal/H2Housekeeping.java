package it.pis.gateway.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs H2's own store housekeeping on the embedded journal, which its URL's {@code WRITE_DELAY=0}
 * switches off. With a write delay of 0 every commit is written to the file before it returns (the
 * journal-before-ACK guarantee: an ACKed message survives the JVM being killed), but H2 2.4's
 * MVStore then starts no background writer, and that thread is also the one that rewrites chunks
 * left mostly empty by later commits ({@code FileStore.doHousekeeping}: compaction by fill rate).
 * Without it the file grew ~20 KB per 1 KB message stored (issue 9: 8 % of its chunks live). This
 * calls the same method, on a thread of its own, every {@code interval}.
 * <p>
 * H2 reuses a chunk's space only a retention time after it was freed, "assumed long enough for the
 * file system and disk to flush their write buffers" (H2's MVStore documentation; 45 s by default),
 * and most of what is left is that window of dead chunks. With {@code sync} each round ends with
 * {@code MVStore.sync()} (an fsync) and then lowers the retention to
 * {@value #RETENTION_WHEN_SYNCED_MS} ms, which the sync makes safe: the file then stays several
 * times smaller, and a crash of the machine loses at most one interval of commits. It is off by
 * default ({@code pis.journal.h2-sync}): on the shared 2-core development machine, where other
 * builds kept the disk busy, intake with the sync was 3–4× slower (docs/testing.md).
 * <p>
 * H2's engine classes are reached by reflection (the gateway has H2 only at run time); the store is
 * looked up on every run, so a database closed and opened again is followed. A journal that is not
 * an embedded H2 (PostgreSQL, an H2 server over TCP, an in-memory H2) is left alone.
 */
public final class H2Housekeeping implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(H2Housekeeping.class);

    /** H2's retention of dead chunks once each round fsyncs the file (H2's default is 45 s, for files nobody syncs). */
    static final int RETENTION_WHEN_SYNCED_MS = 10_000;

    private final DataSource dataSource;
    private final ScheduledExecutorService thread;
    private volatile boolean failedOnce;

    private final boolean sync;

    private H2Housekeeping(DataSource dataSource, boolean sync) {
        this.dataSource = dataSource;
        this.sync = sync;
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "journal-h2-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs every {@code interval} until closed. */
    public static H2Housekeeping start(DataSource dataSource, Duration interval, boolean sync) {
        H2Housekeeping housekeeping = new H2Housekeeping(dataSource, sync);
        housekeeping.thread.scheduleWithFixedDelay(housekeeping::runQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return housekeeping;
    }

    /** For tests: a housekeeper that runs only when {@link #runOnce()} is called. */
    static H2Housekeeping manual(DataSource dataSource, boolean sync) {
        return new H2Housekeeping(dataSource, sync);
    }

    private void runQuietly() {
        try {
            runOnce();
            failedOnce = false;
        } catch (RuntimeException | SQLException e) {
            if (!failedOnce) { // once per failure streak: a database that is away is told by the journal's health
                log.warn("H2 journal housekeeping failed (the file may grow until it runs again): {}", e.toString());
                failedOnce = true;
            }
        }
    }

    /** One round of H2's housekeeping; @return false when the journal is not an open embedded H2. */
    boolean runOnce() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Object fileStore = fileStore(connection);
            if (fileStore == null) {
                return false;
            }
            Method doHousekeeping = findMethod(fileStore.getClass(), "doHousekeeping");
            doHousekeeping.setAccessible(true);
            Object mvStore = mvStore(connection);
            doHousekeeping.invoke(fileStore, mvStore);
            if (sync) {
                mvStore.getClass().getMethod("sync").invoke(mvStore);
                // what was written before this round is on the disk now: dead chunks may be reused sooner
                mvStore.getClass().getMethod("setRetentionTime", int.class).invoke(mvStore, RETENTION_WHEN_SYNCED_MS);
            }
            return true;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("H2 housekeeping: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("H2 housekeeping is not available in this H2 version: " + e, e);
        }
    }

    /** H2's current retention of dead chunks, milliseconds (-1 when not an embedded H2). */
    int retentionTimeMillis() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Object mvStore = mvStore(connection);
            return mvStore == null ? -1 : (Integer) mvStore.getClass().getMethod("getRetentionTime").invoke(mvStore);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Percent of the file's chunks that is live data (H2's own measure), or -1 when not an embedded H2. */
    int chunksFillRate() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Object fileStore = fileStore(connection);
            return fileStore == null ? -1 : (Integer) fileStore.getClass().getMethod("getChunksFillRate").invoke(fileStore);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object fileStore(Connection connection) throws SQLException, ReflectiveOperationException {
        Object mvStore = mvStore(connection);
        if (mvStore == null || (Boolean) mvStore.getClass().getMethod("isClosed").invoke(mvStore)) {
            return null;
        }
        return mvStore.getClass().getMethod("getFileStore").invoke(mvStore);
    }

    private static Object mvStore(Connection connection) throws SQLException, ReflectiveOperationException {
        if (!connection.getMetaData().getDatabaseProductName().equals("H2")) {
            return null;
        }
        Class<?> jdbcConnection = Class.forName("org.h2.jdbc.JdbcConnection");
        Object session = jdbcConnection.getMethod("getSession").invoke(connection.unwrap(jdbcConnection));
        Method getDatabase;
        try {
            getDatabase = session.getClass().getMethod("getDatabase");
        } catch (NoSuchMethodException remote) { // a TCP connection to an H2 server: its server keeps house
            return null;
        }
        Object database = getDatabase.invoke(session);
        Object store = database.getClass().getMethod("getStore").invoke(database);
        return store == null ? null : store.getClass().getMethod("getMvStore").invoke(store);
    }

    private static Method findMethod(Class<?> type, String name) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 1) {
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }

    /**
     * Lets a round under way finish: interrupting it would close H2's file channel under the
     * database (an interrupted NIO read or write closes the channel), which the benchmark saw at
     * shutdown as "Reading from file … failed".
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("H2 journal housekeeping still running after 30 s at shutdown: interrupted");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
