package it.pis.gateway.journal;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Journal keys from a PKCS#12 keystore ({@code pis.journal.encryption.keystore}): each AES secret-key
 * entry is a key, its alias the key id, all under the keystore's password. Made with e.g.
 * {@code keytool -genseckey -alias key-2026 -keyalg AES -keysize 256 -storetype PKCS12 -keystore journal.p12}.
 */
final class KeystoreJournalKeys {

    private KeystoreJournalKeys() {
    }

    static JournalKeys load(Path file, char[] password, String currentKeyId) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            Map<String, SecretKey> keys = new LinkedHashMap<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.getKey(alias, password) instanceof SecretKey key && key.getAlgorithm().equalsIgnoreCase("AES")) {
                    keys.put(alias, key);
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("pis.journal.encryption.keystore " + file + " holds no AES secret key");
            }
            return JournalKeys.of(keys, currentKeyId);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the journal keystore " + file
                    + " (pis.journal.encryption.keystore, keystore-password): " + e.getMessage(), e);
        }
    }
}
