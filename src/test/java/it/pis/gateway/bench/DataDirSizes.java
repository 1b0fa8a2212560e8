package it.pis.gateway.bench;

import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Bytes on disk of the journal and of the broker's folder. The journal on H2 is its file in the data
 * folder; on PostgreSQL, the tables of its schema with their indexes and TOAST
 * ({@code pg_total_relation_size}; the WAL is not counted).
 */
record DataDirSizes(long journal, long broker) {

    private static final String POSTGRES_SCHEMA_SIZE = "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = current_schema() AND c.relkind = 'r'";

    static DataDirSizes of(Path dataDir, JdbcTemplate journal) {
        Path h2File = dataDir.resolve("journal.mv.db");
        long journalBytes = Files.exists(h2File) ? sizeOf(h2File)
                : journal.queryForObject(POSTGRES_SCHEMA_SIZE, Long.class);
        return new DataDirSizes(journalBytes, sizeOf(dataDir.resolve("artemis")));
    }

    private static long sizeOf(Path path) {
        if (!Files.exists(path)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException gone) {   // a page file the broker just deleted
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
