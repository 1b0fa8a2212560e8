package it.pis.gateway.outbound.fhir;

import java.time.Duration;

/**
 * {@code pis.outbound.fhir.*}: how long to wait for a partner's FHIR server and how much of its
 * answer to keep as the receipt.
 *
 * @param connectTimeout  TCP connect and TLS handshake
 * @param responseTimeout from sending the request to the end of the answer
 * @param maxReceiptBytes answer bytes kept; the rest is dropped (the status still counts)
 * @param conditionalCreate send {@code If-None-Exist: identifier=<Bundle.identifier>}, so that a server that
 *                          supports conditional create stores a resent Bundle once
 */
public record FhirRestSettings(Duration connectTimeout, Duration responseTimeout, int maxReceiptBytes,
                               boolean conditionalCreate) {

    public FhirRestSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative()
                || responseTimeout.isZero()) {
            throw new IllegalArgumentException("pis.outbound.fhir.connect-timeout and response-timeout must be positive");
        }
        if (maxReceiptBytes < 1024) {
            throw new IllegalArgumentException("pis.outbound.fhir.max-receipt-bytes must be at least 1024, not "
                    + maxReceiptBytes);
        }
    }
}
