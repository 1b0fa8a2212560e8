package it.pis.gateway.journal;

import it.pis.gateway.journal.ShelterStore.Decision;
import it.pis.gateway.journal.ShelterStore.PlacementRequest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request a shelter's answer answers, and the warning when it answers none the gateway sent to it. */
class PlacementLinkTest {

    static Decision confirmation(String shelter, String placementId) {
        return new Decision("doc-1", shelter, placementId, "CONFIRMED", "via-rovello", "men", null, null, null,
                Instant.parse("2026-01-10T23:50:00Z"), null, null, null);
    }

    static PlacementRequest request(String shelter, String placementId, String at) {
        return new PlacementRequest(placementId, UUID.randomUUID(), UUID.randomUUID(), shelter, "ACKNOWLEDGED", 1,
                UUID.randomUUID().toString(), Instant.parse(at), Instant.parse(at));
    }

    @Test
    void anAnswerIsLinkedToTheLatestRequestWithItsIdToThatShelter() {
        PlacementRequest first = request("san-martino", "PL-1", "2026-01-10T22:00:00Z");
        PlacementRequest again = request("san-martino", "PL-1", "2026-01-10T23:00:00Z");
        PlacementRequest other = request("other-shelter", "PL-1", "2026-01-10T23:30:00Z");

        Decision linked = ShelterStore.link(confirmation("san-martino", "PL-1"), List.of(first, again, other));

        assertThat(linked.request()).isEqualTo(again);
        assertThat(linked.warning()).isNull();
        assertThat(linked.decision()).isEqualTo("CONFIRMED");
    }

    @Test
    void anAnswerToAPlacementAskedOfAnotherShelterIsKeptWithAWarningNamingIt() {
        Decision linked = ShelterStore.link(confirmation("san-martino", "PL-1"),
                List.of(request("other-shelter", "PL-1", "2026-01-10T22:00:00Z")));

        assertThat(linked.request()).isNull();
        assertThat(linked.warning()).isEqualTo("placement PL-1 was requested from other-shelter, not from san-martino:"
                + " check with both shelters");
    }

    @Test
    void anAnswerToAPlacementNeverRequestedIsKeptWithAWarning() {
        Decision linked = ShelterStore.link(confirmation("san-martino", "PL-77"), List.of());

        assertThat(linked.request()).isNull();
        assertThat(linked.warning()).startsWith("the gateway sent no placement request PL-77 to san-martino");
    }
}
