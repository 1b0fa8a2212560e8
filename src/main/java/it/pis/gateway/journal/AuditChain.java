package it.pis.gateway.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The hash chain of the audit trail, written so that anyone can check it with nothing but SHA-256:
 * <pre>
 *   hash(row) = hex(SHA-256(UTF-8(prev_hash + "\n" + canonical(row))))
 *   canonical(row) = field(seq) field(at) field(actor) field(via) field(action) field(target)
 *                    field(outcome) field(reason) field(detail) field(remote_address) field(node)
 *   field(null)  = "-;"          field(value) = length-in-UTF-16-chars + ":" + value + ";"
 *   at           = UTC, yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z' (microseconds, what PostgreSQL keeps)
 * </pre>
 * The first row's prev_hash is 64 zeros ({@link #GENESIS}). Lengths make the form unambiguous: no
 * value can be shifted from one field into the next without changing the hash.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private AuditChain() {
    }

    public static String canonical(AuditEvent e) {
        StringBuilder s = new StringBuilder(256);
        field(s, Long.toString(e.seq()));
        field(s, e.at() == null ? null : AT.format(e.at()));
        field(s, e.actor());
        field(s, e.via());
        field(s, e.action());
        field(s, e.target());
        field(s, e.outcome());
        field(s, e.reason());
        field(s, e.detail());
        field(s, e.remoteAddress());
        field(s, e.node());
        return s.toString();
    }

    /** The hash this row must carry, given its content and its prev_hash. */
    public static String hash(AuditEvent e) {
        return sha256(e.prevHash() + "\n" + canonical(e));
    }

    /** The instant as the chain and the database keep it. */
    public static Instant precision(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static void field(StringBuilder s, String value) {
        if (value == null) {
            s.append("-;");
        } else {
            s.append(value.length()).append(':').append(value).append(';');
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
