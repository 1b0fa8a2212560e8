package it.pis.gateway.journal;

import java.time.Instant;

/**
 * One row of the audit trail as stored: who ({@code actor}, authenticated {@code via}), did what
 * ({@code action}) to what ({@code target}), with what {@code outcome}, why ({@code reason}, given
 * by the user when looking at personal data), and the two hashes that chain it to the row before.
 */
public record AuditEvent(long seq, Instant at, String actor, String via, String action, String target,
                         String outcome, String reason, String detail, String remoteAddress, String node,
                         String prevHash, String hash) {
}
