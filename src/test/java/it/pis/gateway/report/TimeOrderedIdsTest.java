package it.pis.gateway.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7AndSortByTimeAsText() throws InterruptedException {
        UUID first = TimeOrderedIds.next();
        Thread.sleep(2);
        UUID later = TimeOrderedIds.next();

        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(later.toString()).isGreaterThan(first.toString());
        assertThat(first.getMostSignificantBits() >>> 16).isBetween(System.currentTimeMillis() - 5_000,
                System.currentTimeMillis());
    }

    @Test
    void idsAreUniqueWithinOneMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next());
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
    }
}
