package it.pis.gateway.admin;

import it.pis.gateway.agreement.AgreementProblem;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.AgreementSet;
import it.pis.gateway.agreement.InvalidAgreementsException;
import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.security.StaffAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Lists the agreements in force and reloads the folder: all of it or nothing; every reload is audited. */
@RestController
@RequestMapping("/api/admin/agreements")
class AgreementAdminController {

    private static final Logger log = LoggerFactory.getLogger(AgreementAdminController.class);
    private final AgreementRegistry registry;
    private final StaffAudit audit;

    AgreementAdminController(AgreementRegistry registry, StaffAudit audit) {
        this.registry = registry;
        this.audit = audit;
    }

    @GetMapping
    List<Map<String, String>> list() {
        return registry.current().all().stream()
                .map(a -> Map.of("id", a.id(), "kind", a.kind(), "name", a.name()))
                .toList();
    }

    @PostMapping("/reload")
    ResponseEntity<Map<String, Object>> reload() {
        try {
            AgreementSet set = registry.reload();
            log.info("agreements reloaded from {}: {} in force", registry.folder(), set.size());
            audit.recordDone("AGREEMENTS_RELOAD", registry.folder().toString(), AuditEntry.OK, set.size() + " in force");
            return ResponseEntity.ok(Map.of("loaded", set.size()));
        } catch (InvalidAgreementsException e) {
            log.warn("agreement reload refused, the previous {} stay in force: {}", registry.current().size(), e.getMessage());
            audit.recordDone("AGREEMENTS_RELOAD", registry.folder().toString(), AuditEntry.REFUSED,
                    e.problems().size() + " problem(s), the previous " + registry.current().size() + " stay in force: "
                            + e.getMessage());
            return ResponseEntity.status(422).body(Map.of(
                    "detail", "reload refused, the previous agreements stay in force",
                    "problems", e.problems().stream().map(AgreementProblem::toString).toList()));
        }
    }
}
