package it.pis.gateway.staff;

import it.pis.gateway.agreement.AgreementProblem;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.AgreementSet;
import it.pis.gateway.agreement.InvalidAgreementsException;
import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.security.StaffAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Re-reads the agreement folder for the logged-in admin: the whole set is swapped, or nothing
 * changes and the problems come back. Either way it is logged and audited. The API and the
 * console's agreement page both reload through here.
 */
@Component
public class AgreementDesk {

    /** What a reload did: {@code inForce} agreements now (the old ones when refused), and why it was refused. */
    public record Outcome(boolean reloaded, int inForce, List<AgreementProblem> problems) {
    }

    private static final Logger log = LoggerFactory.getLogger(AgreementDesk.class);
    private final AgreementRegistry registry;
    private final StaffAudit audit;

    AgreementDesk(AgreementRegistry registry, StaffAudit audit) {
        this.registry = registry;
        this.audit = audit;
    }

    public Outcome reload() {
        try {
            AgreementSet set = registry.reload();
            log.info("agreements reloaded from {}: {} in force", registry.folder(), set.size());
            audit.recordDone("AGREEMENTS_RELOAD", registry.folder().toString(), AuditEntry.OK, set.size() + " in force");
            return new Outcome(true, set.size(), List.of());
        } catch (InvalidAgreementsException e) {
            int kept = registry.current().size();
            log.warn("agreement reload refused, the previous {} stay in force: {}", kept, e.getMessage());
            audit.recordDone("AGREEMENTS_RELOAD", registry.folder().toString(), AuditEntry.REFUSED,
                    e.problems().size() + " problem(s), the previous " + kept + " stay in force: " + e.getMessage());
            return new Outcome(false, kept, e.problems());
        }
    }
}
