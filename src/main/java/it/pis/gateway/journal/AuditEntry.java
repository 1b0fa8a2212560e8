package it.pis.gateway.journal;

/**
 * What to append to the audit trail; the trail adds the sequence number, the time, the node and
 * the hashes. {@code actor} and {@code via} say who did it and how they logged in (form, basic,
 * oidc, bearer, cli, system); {@code reason} is what the user said when looking at personal data.
 */
public record AuditEntry(String actor, String via, String action, String target, String outcome, String reason,
                         String detail, String remoteAddress) {

    public static final String OK = "OK";
    public static final String DENIED = "DENIED";
    public static final String FAILED = "FAILED";
    public static final String REFUSED = "REFUSED";

    public AuditEntry {
        if (actor == null || actor.isBlank() || via == null || action == null || outcome == null) {
            throw new IllegalArgumentException("an audit entry needs actor, via, action and outcome");
        }
    }
}
