package it.pis.gateway.agreement;

/**
 * An agreement's own retention periods (ISO-8601, e.g. {@code P30D}), overriding the global
 * {@code pis.retention.*} for this partner's messages: {@code rawMessages} for the raw bytes as
 * received, {@code reports} for the reports made from them. Either may be left out (the global one applies).
 */
public record Retention(String rawMessages, String reports) {
}
