package it.pis.gateway.journal;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The journal's AES keys by id, and the id of the current one (what new values are sealed under);
 * the others are kept to read rows sealed before a rotation, until {@code rekey} has moved them.
 * Written {@code id:base64key,id:base64key} ({@code pis.journal.encryption.keys}); each key 128, 192
 * or 256 bits.
 */
public final class JournalKeys {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final Map<String, SecretKey> keys;
    private final String currentId;

    private JournalKeys(Map<String, SecretKey> keys, String currentId) {
        this.keys = keys;
        this.currentId = currentId;
    }

    /** No keys: values are written in plaintext. */
    static JournalKeys none() {
        return new JournalKeys(Map.of(), null);
    }

    /**
     * Parses {@code list} ({@code id:base64key,...}); {@code currentId} must name one of them (blank:
     * the only one, when there is exactly one).
     *
     * @throws IllegalArgumentException naming what is wrong, never showing a key
     */
    public static JournalKeys parse(String list, String currentId) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String id = colon < 0 ? entry.strip() : entry.substring(0, colon).strip();
            if (colon < 0 || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("pis.journal.encryption.keys: each entry is id:base64key with an id of"
                        + " letters, digits, '.', '_' or '-' (at most 32); got an entry starting '" + safe(id) + "'");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pis.journal.encryption.keys: key '" + id + "' is not Base64");
            }
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new IllegalArgumentException("pis.journal.encryption.keys: key '" + id + "' has " + key.length
                        + " bytes; an AES key has 16, 24 or 32 (e.g. `openssl rand -base64 32`)");
            }
            if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException("pis.journal.encryption.keys: key id '" + id + "' given twice");
            }
        }
        return of(keys, currentId);
    }

    /** {@code keys} by id; {@code currentId} as in {@link #parse}. */
    static JournalKeys of(Map<String, SecretKey> keys, String currentId) {
        String current = currentId == null || currentId.isBlank()
                ? (keys.size() == 1 ? keys.keySet().iterator().next() : null) : currentId.strip();
        if (!keys.isEmpty() && current == null) {
            throw new IllegalArgumentException("pis.journal.encryption.current-key-id must name one of the keys " + keys.keySet());
        }
        if (current != null && !keys.containsKey(current)) {
            throw new IllegalArgumentException("pis.journal.encryption.current-key-id '" + safe(current)
                    + "' is not among pis.journal.encryption.keys " + keys.keySet());
        }
        return new JournalKeys(Collections.unmodifiableMap(new LinkedHashMap<>(keys)), current);
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    String currentId() {
        return currentId;
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    Set<String> ids() {
        return keys.keySet();
    }

    private static String safe(String id) {
        return id.length() > 32 ? id.substring(0, 32) : id;
    }
}
