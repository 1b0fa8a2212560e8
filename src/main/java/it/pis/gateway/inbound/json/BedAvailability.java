package it.pis.gateway.inbound.json;

import java.time.Instant;
import java.util.List;

/**
 * Free beds of one shelter structure as counted at {@code asOf}: one entry per kind (men, women,
 * families, minors), each held until {@code until}. Not a Report: operators read it on
 * {@code GET /api/beds} to place people.
 */
public record BedAvailability(String structure, Instant asOf, List<Beds> beds) {

    public BedAvailability {
        beds = List.copyOf(beds);
    }

    public record Beds(String kind, int free, Instant until) {
    }
}
