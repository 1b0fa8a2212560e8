package it.pis.gateway.inbound.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HL7 table 0211 names (MSH-18) to Java charsets. HAPI has this table, but in a package-private
 * class, so the few names partners use are listed here.
 */
final class Hl7Charsets {

    private static final Map<String, Charset> TABLE_0211 = Map.ofEntries(
            Map.entry("ASCII", StandardCharsets.US_ASCII),
            Map.entry("8859/1", StandardCharsets.ISO_8859_1),
            Map.entry("8859/15", Charset.forName("ISO-8859-15")),
            Map.entry("ISO IR6", StandardCharsets.US_ASCII),
            Map.entry("ISO IR100", StandardCharsets.ISO_8859_1),
            Map.entry("UNICODE UTF-8", StandardCharsets.UTF_8),
            Map.entry("UNICODE UTF-16", StandardCharsets.UTF_16),
            Map.entry("UNICODE", StandardCharsets.UTF_16),
            Map.entry("UTF-8", StandardCharsets.UTF_8));

    /** Byte order marks, the longer before the shorter they start with (UTF-32LE before UTF-16LE). */
    private static final byte[][] BYTE_ORDER_MARKS = {
            {0x00, 0x00, (byte) 0xFE, (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE, 0x00, 0x00},
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE}};

    private Hl7Charsets() {
    }

    /**
     * The message without a leading byte order mark (UTF-8, UTF-16 or UTF-32). HAPI's
     * {@code CharSetUtil.withoutBOM} did this but threw ArrayIndexOutOfBoundsException on a
     * message shorter than four bytes, which the listener answered as an internal error.
     */
    static byte[] withoutByteOrderMark(byte[] bytes) {
        for (byte[] mark : BYTE_ORDER_MARKS) {
            if (bytes.length >= mark.length && Arrays.equals(bytes, 0, mark.length, mark, 0, mark.length)) {
                return Arrays.copyOfRange(bytes, mark.length, bytes.length);
            }
        }
        return bytes;
    }

    /** The charset an MSH-18 value names, also accepting plain Java names such as "ISO-8859-1". */
    static Optional<Charset> forMsh18(String value) {
        String name = value.strip().toUpperCase(Locale.ROOT);
        Charset known = TABLE_0211.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
