package it.pis.gateway.console;

import it.pis.gateway.metrics.PartnerFigures;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@code /console/admin/partners}: each partner's traffic, failures, backlog and certificates, as Prometheus sees them. */
@Controller
class PartnersPage {

    /** A certificate with the warning the page shows for it. */
    record CertificateRow(PartnerFigures.Certificate certificate, CertificateWarning warning) {
    }

    /** A partner with its certificates' warnings. */
    record PartnerRow(PartnerFigures.Partner figures, List<CertificateRow> certificates) {
    }

    private final PartnerFigures figures;
    private final Clock clock;

    PartnersPage(PartnerFigures figures, Clock clock) {
        this.figures = figures;
        this.clock = clock;
    }

    @GetMapping("/console/admin/partners")
    String partners(Model model) {
        Instant now = clock.instant();
        model.addAttribute("gateway", rows(figures.gatewayCertificates(), now));
        model.addAttribute("partners", figures.current().stream()
                .map(p -> new PartnerRow(p, rows(p.certificates(), now))).toList());
        return "console/admin/partners";
    }

    private static List<CertificateRow> rows(List<PartnerFigures.Certificate> certificates, Instant now) {
        return certificates.stream().map(c -> new CertificateRow(c, CertificateWarning.of(c.notAfter(), now))).toList();
    }
}
