package it.pis.gateway.staff;

import it.pis.gateway.journal.ShelterStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * What operators need to place someone tonight: the latest free beds per shelter structure and
 * kind, and what shelters answered to placements.
 */
@RestController
public class ShelterController {

    private final ShelterStore shelters;

    public ShelterController(ShelterStore shelters) {
        this.shelters = shelters;
    }

    /** Latest count per partner, structure and kind; {@code availableAt}: only free beds still held at that instant. */
    @GetMapping("/api/beds")
    public List<ShelterStore.Beds> beds(@RequestParam(required = false) Instant availableAt) {
        return shelters.beds(availableAt);
    }

    @GetMapping("/api/placements/decisions")
    public List<ShelterStore.Decision> decisions(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > ReportController.MAX_LIMIT) {
            throw new ReportController.BadRequest("limit must be between 1 and " + ReportController.MAX_LIMIT);
        }
        return shelters.decisions(null, limit);
    }

    @GetMapping("/api/placements/{placementId}/decisions")
    public List<ShelterStore.Decision> decisions(@PathVariable String placementId) {
        return shelters.decisions(placementId, ReportController.MAX_LIMIT);
    }
}
