package it.pis.gateway.console;

import it.pis.gateway.journal.ShelterStore;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.Instant;
import java.util.List;

/**
 * The beds and placements board: the shelters' latest free beds per structure and kind (a count
 * past its "until" is marked as such, not hidden), and their latest answers to placement requests,
 * from the same store as {@code GET /api/beds} and {@code GET /api/placements/decisions}.
 */
@Controller
class BedsController {

    static final int DECISIONS = 50;

    private final ShelterStore shelters;
    private final PartnerDirectory partners;
    private final ConsoleTime time;

    BedsController(ShelterStore shelters, PartnerDirectory partners, ConsoleTime time) {
        this.shelters = shelters;
        this.partners = partners;
        this.time = time;
    }

    record BedRow(String partner, String structure, String kind, int free, String until, boolean expired, String asOf) {
    }

    record DecisionRow(String placementId, String partner, String decision, String structure, String bedKind,
                       String expectedBy, String reason, String note, String receivedAt, String requestState,
                       String warning) {
    }

    @GetMapping("/console/beds")
    String board(Model model) {
        Instant now = time.now();
        List<BedRow> beds = shelters.beds(null).stream().map(b -> new BedRow(partners.name(b.partnerId()), b.structure(),
                b.kind(), b.free(), time.show(b.until()), b.until() != null && b.until().isBefore(now),
                time.show(b.asOf()))).toList();
        List<DecisionRow> decisions = shelters.decisions(null, DECISIONS).stream().map(d -> new DecisionRow(
                d.placementId(), partners.name(d.partnerId()), d.decision(), d.structure(), d.bedKind(),
                time.show(d.expectedBy()), d.reason(), d.note(), time.show(d.receivedAt()),
                d.request() == null ? null : d.request().state(), d.warning())).toList();
        model.addAttribute("beds", beds);
        model.addAttribute("decisions", decisions);
        model.addAttribute("decisionsSize", DECISIONS);
        return "console/beds";
    }
}
