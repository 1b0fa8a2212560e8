package it.pis.gateway.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The embedded default's journal key: generated once into the data directory (git-ignored, beside
 * the H2 journal it protects) as {@code id:base64key}, read back on every start. Never in
 * production, where keys are provided (start-up refuses to run without them).
 */
final class DevJournalKey {

    static final String FILE = "journal-dev.key";

    private DevJournalKey() {
    }

    /** The key in {@code dataDir}, generated on first use. */
    static JournalKeys loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] key = new byte[32];
                SecureRandom random = new SecureRandom();
                random.nextBytes(key);
                byte[] id = new byte[4];
                random.nextBytes(id);
                Path fresh = Files.createTempFile(dataDir, FILE, ".new");
                restrict(fresh);
                Files.writeString(fresh, "dev-" + HexFormat.of().formatHex(id) + ":" + Base64.getEncoder().encodeToString(key));
                Files.move(fresh, file);
            }
            return JournalKeys.parse(Files.readString(file).strip(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development journal key " + file, e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own permissions apply
        }
    }
}
