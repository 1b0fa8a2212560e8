package it.pis.gateway.journal;

import java.nio.file.Path;

/**
 * Where the journal keys come from: a PKCS#12 keystore ({@code pis.journal.encryption.keystore})
 * when set; else {@code pis.journal.encryption.keys} (the environment: PIS_JOURNAL_ENCRYPTION_KEYS)
 * when set; otherwise, only where {@code pis.journal.encryption.dev-key}
 * allows it (the embedded default), a key generated into the data directory; otherwise (production)
 * start-up stops.
 */
public final class ConfiguredJournalKeys {

    private ConfiguredJournalKeys() {
    }

    public static JournalKeys resolve(String keys, String currentKeyId, boolean devKeyAllowed, Path dataDir) {
        return resolve("", "", keys, currentKeyId, devKeyAllowed, dataDir);
    }

    /** As above, a non-blank {@code keystore} (with its {@code keystorePassword}) first. */
    public static JournalKeys resolve(String keystore, String keystorePassword, String keys, String currentKeyId,
                                      boolean devKeyAllowed, Path dataDir) {
        if (keystore != null && !keystore.isBlank()) {
            return KeystoreJournalKeys.load(Path.of(keystore), keystorePassword == null ? new char[0]
                    : keystorePassword.toCharArray(), currentKeyId);
        }
        if (keys != null && !keys.isBlank()) {
            return JournalKeys.parse(keys, currentKeyId);
        }
        if (devKeyAllowed) {
            return DevJournalKey.loadOrCreate(dataDir);
        }
        throw new IllegalStateException("no journal encryption key: set pis.journal.encryption.keystore, or pis.journal.encryption.keys"
                + " (PIS_JOURNAL_ENCRYPTION_KEYS=id:base64key, e.g. key1:$(openssl rand -base64 32)) and"
                + " pis.journal.encryption.current-key-id; raw messages and reports are never stored in plaintext in production");
    }
}
