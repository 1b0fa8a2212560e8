package it.pis.gateway.journal;

import java.util.Map;

/**
 * The centre's retention periods ({@code pis.retention.*}) and the partners whose agreement sets its
 * own ({@code retention:} in {@code protocols/<id>.yaml}); a partner's own period wins, even when longer.
 */
public record RetentionPolicy(RetentionPeriods global, Map<String, RetentionPeriods> byPartner) {

    public RetentionPolicy {
        byPartner = Map.copyOf(byPartner);
    }
}
