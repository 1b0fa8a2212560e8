package it.pis.gateway.journal;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Seals personal data stored in the journal (raw messages, report bodies) with AES-GCM: a random
 * 96-bit nonce per value, a 128-bit tag, and the row's table and id as associated data, so a value
 * copied into another row is refused like a changed one. Stored form: nonce || ciphertext+tag; the
 * id of the key that sealed it is kept in a column of the row ({@code raw_key_id}, {@code body_key_id}).
 * A row with no key id was stored before encryption and is read as it is.
 */
public final class JournalCipher {

    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    /** What sealing adds to a value: the nonce and the tag. */
    static final int OVERHEAD = NONCE_BYTES + TAG_BITS / 8;

    /** A value as stored: its bytes and the id of the key that sealed them (null: plaintext). */
    public record Sealed(String keyId, byte[] bytes) {
    }

    /**
     * Per thread: sealing runs on every message thread at once, and one shared SecureRandom (and a
     * Cipher looked up and keyed per value) was a measurable part of intake's CPU (issue 9 profile).
     * A Cipher re-initialised with a fresh nonce per value is how GCM is meant to be reused; it keeps
     * the expanded key while the key stays the same.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
    private static final ThreadLocal<Cipher> SEALERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    });

    private final JournalKeys keys;

    public JournalCipher(JournalKeys keys) {
        this.keys = keys;
    }

    /** No keys at all: writes plaintext, reads only plaintext rows (tests of other parts of the journal). */
    public static JournalCipher plaintext() {
        return new JournalCipher(JournalKeys.none());
    }

    /** Seals {@code plain} for row {@code rowId} of {@code table} under the current key. */
    public Sealed seal(String table, String rowId, byte[] plain) {
        if (keys.currentId() == null) {
            return new Sealed(null, plain);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.get().nextBytes(nonce);
        try {
            Cipher cipher = SEALERS.get();
            init(cipher, Cipher.ENCRYPT_MODE, keys.current(), nonce, table, rowId);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + cipher.getOutputSize(plain.length));
            cipher.doFinal(plain, 0, plain.length, out, NONCE_BYTES);
            return new Sealed(keys.currentId(), out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt with journal key " + keys.currentId(), e);
        }
    }

    /**
     * The plaintext of row {@code rowId}'s value as stored; {@code keyId} null: stored before
     * encryption, returned as it is.
     *
     * @throws UnreadableJournalRow when the key is not configured or the value was changed
     */
    public byte[] open(String table, String rowId, String keyId, byte[] stored) {
        if (keyId == null) {
            return stored;
        }
        SecretKey key = keys.byId(keyId).orElseThrow(() -> new UnreadableJournalRow(table, rowId,
                "sealed with journal key '" + keyId + "', which is not among pis.journal.encryption.keys "
                        + keys.ids() + "; put it back, or run `rekey` before removing a key"));
        if (stored.length < OVERHEAD) {
            throw new UnreadableJournalRow(table, rowId, "too short to be sealed: changed outside the gateway");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(stored, NONCE_BYTES), table, rowId);
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new UnreadableJournalRow(table, rowId, "fails its authentication tag under key '" + keyId
                    + "': the stored value was changed (or moved from another row) outside the gateway");
        } catch (GeneralSecurityException e) {
            throw new UnreadableJournalRow(table, rowId, "cannot be decrypted with key '" + keyId + "': " + e.getMessage());
        }
    }

    /** The id of the key new values are sealed under (null: none, plaintext). */
    public String currentKeyId() {
        return keys.currentId();
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String table, String rowId)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        init(cipher, mode, key, nonce, table, rowId);
        return cipher;
    }

    private static void init(Cipher cipher, int mode, SecretKey key, byte[] nonce, String table, String rowId)
            throws GeneralSecurityException {
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((table + ":" + rowId).getBytes(StandardCharsets.UTF_8));
    }
}
