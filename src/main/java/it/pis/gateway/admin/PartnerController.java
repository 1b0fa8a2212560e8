package it.pis.gateway.admin;

import it.pis.gateway.metrics.PartnerFigures;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code GET /api/admin/partners}: per agreement, what came in and went out since start, what waits
 * to be delivered, and when its certificates expire — the same figures as {@code /actuator/prometheus}
 * and the console's partner page ({@link PartnerFigures}). No personal data.
 */
@RestController
class PartnerController {

    private final PartnerFigures figures;

    PartnerController(PartnerFigures figures) {
        this.figures = figures;
    }

    @GetMapping("/api/admin/partners")
    List<PartnerFigures.Partner> partners() {
        return figures.current();
    }
}
