package it.pis.gateway.journal;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.Retention;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The retention policy in force: the global periods, and each agreement's own as the registry holds
 * it now (a reload of the agreements applies from the next purge).
 */
public final class AgreementRetention implements Supplier<RetentionPolicy> {

    private final RetentionPeriods global;
    private final Supplier<Iterable<Agreement>> agreements;

    public AgreementRetention(RetentionPeriods global, Supplier<Iterable<Agreement>> agreements) {
        this.global = global;
        this.agreements = agreements;
    }

    public static AgreementRetention of(RetentionPeriods global, AgreementRegistry registry) {
        return new AgreementRetention(global, () -> registry.current().all());
    }

    @Override
    public RetentionPolicy get() {
        Map<String, RetentionPeriods> own = new HashMap<>();
        for (Agreement agreement : agreements.get()) {
            Retention retention = agreement.retention();
            if (retention != null) {
                own.put(agreement.id(), new RetentionPeriods(RetentionPeriods.period(retention.rawMessages()),
                        RetentionPeriods.period(retention.reports()), RetentionPeriods.period(retention.handovers()),
                        RetentionPeriods.period(retention.failedDeliveries()),
                        RetentionPeriods.period(retention.placementNotes())));
            }
        }
        return new RetentionPolicy(global, own);
    }
}
