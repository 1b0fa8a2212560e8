package it.pis.gateway.inbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint an idempotency key is compared by: SHA-256 of a message's content in a channel's
 * own normal form, from which that channel has removed what a genuine resend may change (the send
 * time, a signature, an encryption envelope).
 */
public final class ContentHash {

    private ContentHash() {
    }

    public static String of(String normalForm) {
        return of(normalForm.getBytes(StandardCharsets.UTF_8));
    }

    private static String of(byte[] normalForm) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalForm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
