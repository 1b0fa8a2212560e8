package it.pis.gateway.admin;

import it.pis.gateway.agreement.AgreementProblem;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.staff.AgreementDesk;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Lists the agreements in force and desk the folder: all of it or nothing; every reload is audited. */
@RestController
@RequestMapping("/api/admin/agreements")
class AgreementAdminController {

    private final AgreementRegistry registry;
    private final AgreementDesk desk;

    AgreementAdminController(AgreementRegistry registry, AgreementDesk desk) {
        this.registry = registry;
        this.desk = desk;
    }

    @GetMapping
    List<Map<String, String>> list() {
        return registry.current().all().stream()
                .map(a -> Map.of("id", a.id(), "kind", a.kind(), "name", a.name()))
                .toList();
    }

    @PostMapping("/reload")
    ResponseEntity<Map<String, Object>> reload() {
        AgreementDesk.Outcome outcome = desk.reload();
        if (outcome.reloaded()) {
            return ResponseEntity.ok(Map.of("loaded", outcome.inForce()));
        }
        return ResponseEntity.status(422).body(Map.of(
                "detail", "reload refused, the previous agreements stay in force",
                "problems", outcome.problems().stream().map(AgreementProblem::toString).toList()));
    }
}
