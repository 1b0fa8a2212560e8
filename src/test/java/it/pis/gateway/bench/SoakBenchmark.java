package it.pis.gateway.bench;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sustained load ({@code -Dbench.soakSeconds=N}): {@code connections} MLLP clients send ADT^A03 for N
 * seconds to the gateway the benchmark started, nobody consuming {@code pis.reports}. Prints messages,
 * msg/s, journal disk per message against the bytes the journal stores per message (raw message +
 * report), and heap after a full GC and RSS at the start, every tenth of the run and at the end, so
 * that growth shows.
 */
final class SoakBenchmark {

    private static final double DISK_TARGET = 3.0;

    private SoakBenchmark() {
    }

    static void run(int port, Path dataDir, JdbcTemplate journal, Duration length, int connections) throws Exception {
        System.out.printf("soak: %d connections of ADT^A03 for %d s, nothing consumes pis.reports;"
                + " heap after a full GC and RSS of this JVM (gateway and load generator together)%n",
                connections, length.toSeconds());
        StoredBytes storedBefore = StoredBytes.in(journal);
        DataDirSizes diskBefore = DataDirSizes.of(dataDir, journal);
        ProcessMemory memoryBefore = ProcessMemory.now();
        printSample(0, 0, memoryBefore, diskBefore);

        LongAdder accepted = new LongAdder(), other = new LongAdder();
        long from = System.nanoTime(), until = from + length.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(connections,
                task -> new Thread(task, MllpBenchmark.CLIENT_THREADS));
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            clients.add(pool.submit(new SoakClient("soak" + i + "-", port, until, accepted, other)));
        }
        long every = Math.max(TimeUnit.SECONDS.toNanos(10), length.toNanos() / 10);
        ProcessMemory halfway = memoryBefore;
        for (long next = from + every; next < until; next += every) {
            TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
            ProcessMemory sample = ProcessMemory.now();
            if (next - from <= length.toNanos() / 2) {
                halfway = sample;
            }
            printSample((System.nanoTime() - from) / 1_000_000_000, accepted.sum() + other.sum(),
                    sample, DataDirSizes.of(dataDir, journal));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        double seconds = (System.nanoTime() - from) / 1e9;
        pool.shutdownNow();

        ProcessMemory memoryAfter = ProcessMemory.now();
        DataDirSizes diskAfter = DataDirSizes.of(dataDir, journal);
        printSample(Math.round(seconds), accepted.sum() + other.sum(), memoryAfter, diskAfter);
        StoredBytes stored = StoredBytes.in(journal).minus(storedBefore);
        long messages = accepted.sum();
        double storedPerMessage = (double) stored.bytes() / Math.max(1, stored.messages());
        double journalPerMessage = (double) (diskAfter.journal() - diskBefore.journal()) / Math.max(1, messages);
        double brokerPerMessage = (double) (diskAfter.broker() - diskBefore.broker()) / Math.max(1, messages);
        System.out.printf("%nsoak result: %,d AA, %,d other answers or failures in %.0f s: %,.0f msg/s%n",
                messages, other.sum(), seconds, messages / seconds);
        System.out.printf("stored per message (raw message + report, %,d journaled): %,.0f bytes%n",
                stored.messages(), storedPerMessage);
        System.out.printf("journal on disk per message: %,.0f bytes = %.1f x stored (target <= %.0f x: %s)%n",
                journalPerMessage, journalPerMessage / storedPerMessage, DISK_TARGET,
                journalPerMessage <= DISK_TARGET * storedPerMessage ? "MET" : "NOT MET");
        if (java.nio.file.Files.exists(dataDir.resolve("journal.mv.db"))) {
            printStoreFill(journal);
        }
        System.out.printf("broker folder per message (pis.reports paged, unconsumed): %,.0f bytes%n", brokerPerMessage);
        System.out.printf("heap after full GC: %s -> %s; RSS: %s -> %s%n", mib(memoryBefore.heapUsedAfterGc()),
                mib(memoryAfter.heapUsedAfterGc()), mib(memoryBefore.rss()), mib(memoryAfter.rss()));
        MllpBenchmark.Targets targets = new MllpBenchmark.Targets();
        targets.add("soak: msg/s, " + connections + " conns for " + Math.round(seconds) + " s",
                String.format("%,.0f msg/s (%,d AA, %,d other)", messages / seconds, messages, other.sum()),
                other.sum() == 0);
        targets.add("soak: journal disk per message <= 3 x stored",
                String.format("%.1f x (%,.0f of %,.0f bytes)", journalPerMessage / storedPerMessage, journalPerMessage,
                        storedPerMessage), journalPerMessage <= DISK_TARGET * storedPerMessage);
        long heapGrowth = memoryAfter.heapUsedAfterGc() - halfway.heapUsedAfterGc();
        targets.add("soak: heap after GC flat (2nd half grows < 64 MiB)",
                String.format("%s at start, %s halfway, %s at end", mib(memoryBefore.heapUsedAfterGc()),
                        mib(halfway.heapUsedAfterGc()), mib(memoryAfter.heapUsedAfterGc())), heapGrowth < 64L << 20);
        long rssGrowth = memoryAfter.rss() - halfway.rss();
        targets.add("soak: RSS flat (2nd half grows < 64 MiB)", String.format("%s at start, %s halfway, %s at end",
                mib(memoryBefore.rss()), mib(halfway.rss()), mib(memoryAfter.rss())), rssGrowth < 64L << 20);
        targets.print();
    }

    /**
     * H2 only: the store's own figures (INFORMATION_SCHEMA.SETTINGS, info.*): how full its chunks and
     * its file are with live data, which tells rows and indexes apart from space not reused yet.
     */
    private static void printStoreFill(JdbcTemplate journal) {
        try {
            StringBuilder line = new StringBuilder("H2 store:");
            journal.query("SELECT setting_name, setting_value FROM information_schema.settings"
                            + " WHERE setting_name LIKE 'info.%FILL%' OR setting_name LIKE 'info.%CHUNK%'"
                            + " OR setting_name = 'info.FILE_SIZE' ORDER BY setting_name",
                    rs -> { line.append(' ').append(rs.getString(1)).append('=').append(rs.getString(2)); });
            System.out.println(line);
        } catch (RuntimeException notH2) {
            System.out.println("H2 store: not readable (" + notH2.getMessage() + ")");
        }
    }

    private static void printSample(long second, long sent, ProcessMemory memory, DataDirSizes disk) {
        System.out.printf("  %5d s %,10d msgs  heap after GC %s (committed %s)  RSS %s  journal %s  broker %s%n",
                second, sent, mib(memory.heapUsedAfterGc()), mib(memory.heapCommitted()), mib(memory.rss()),
                mib(disk.journal()), mib(disk.broker()));
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%,.0f MiB", bytes / 1048576.0);
    }

    /** What the journal holds of the messages themselves: raw bytes as received plus the report's JSON. */
    record StoredBytes(long messages, long bytes) {

        static StoredBytes in(JdbcTemplate journal) {
            long messages = journal.queryForObject("SELECT COUNT(*) FROM inbound_message", Long.class);
            Long raw = journal.queryForObject("SELECT SUM(OCTET_LENGTH(raw)) FROM inbound_message", Long.class);
            Long reports = journal.queryForObject("SELECT SUM(OCTET_LENGTH(body)) FROM report", Long.class);
            return new StoredBytes(messages, (raw == null ? 0 : raw) + (reports == null ? 0 : reports));
        }

        StoredBytes minus(StoredBytes earlier) {
            return new StoredBytes(messages - earlier.messages, bytes - earlier.bytes);
        }
    }
}
