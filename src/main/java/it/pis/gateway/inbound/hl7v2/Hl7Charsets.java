package it.pis.gateway.inbound.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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

    private Hl7Charsets() {
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
