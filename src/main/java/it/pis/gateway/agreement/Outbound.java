package it.pis.gateway.agreement;

/**
 * Where and how handovers reach the partner. {@code certificate} is the partner's certificate
 * (a file in the certificates folder) that documents are encrypted to when {@code encrypt: cms}.
 */
public record Outbound(String channel, String endpoint, String format, String sign, String encrypt,
                       String certificate, String deadline, Retry retry) {

    public record Retry(Integer attempts, String firstDelay, String maxDelay) {
    }
}
