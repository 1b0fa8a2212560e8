package it.pis.gateway.staff;

import it.pis.gateway.journal.ShelterStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * What operators need to place someone tonight: the latest free beds per shelter structure and
 * kind, and what shelters answered to the placements the centre asked for.
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

    /** A shelter's answers to one placement, each naming the request it answers (handover, delivery state) or a warning. */
    @GetMapping("/api/placements/{placementId}/decisions")
    public List<ShelterStore.Decision> decisions(@PathVariable String placementId) {
        return shelters.decisions(placementId, ReportController.MAX_LIMIT);
    }

    /** One placement: the handovers that carry it, the requests sent to shelters and where they stand, the answers. */
    @GetMapping("/api/placements/{placementId}")
    public ResponseEntity<?> placement(@PathVariable String placementId) {
        return shelters.placement(placementId, ReportController.MAX_LIMIT).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND, "no handover carries placement " + placementId + " and no shelter answered it")));
    }
}
