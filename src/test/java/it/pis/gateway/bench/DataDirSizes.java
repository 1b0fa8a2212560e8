package it.pis.gateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Bytes on disk of the gateway's data folder: the H2 journal file, the broker's folder, and all of it. */
record DataDirSizes(long journalFile, long broker, long whole) {

    static DataDirSizes of(Path dataDir) {
        return new DataDirSizes(sizeOf(dataDir.resolve("journal.mv.db")), sizeOf(dataDir.resolve("artemis")),
                sizeOf(dataDir));
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
