package it.pis.gateway.agreement;

/** Where and how handovers reach the partner. Delivery itself is not built yet: see README. */
public record Outbound(String channel, String endpoint, String format, String sign, String encrypt,
                       String deadline, Retry retry) {

    public record Retry(Integer attempts, String firstDelay, String maxDelay) {
    }
}
