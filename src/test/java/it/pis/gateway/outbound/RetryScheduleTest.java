package it.pis.gateway.outbound;

import it.pis.gateway.agreement.Outbound;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTest {

    static final RetrySchedule DEFAULTS = new RetrySchedule(12, Duration.ofSeconds(10), Duration.ofMinutes(30));

    @Test
    void theDelayDoublesFromTheFirstUpToTheMaximum() {
        RetrySchedule schedule = RetrySchedule.of(outbound(new Outbound.Retry(12, "PT10S", "PT1M")), DEFAULTS);

        assertThat(schedule.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.delayAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(schedule.delayAfter(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(schedule.delayAfter(4)).isEqualTo(Duration.ofMinutes(1));
        assertThat(schedule.delayAfter(500)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void afterTheLastAttemptThereIsNoOther() {
        RetrySchedule schedule = RetrySchedule.of(outbound(new Outbound.Retry(3, null, null)), DEFAULTS);

        assertThat(schedule.another(2)).isTrue();
        assertThat(schedule.another(3)).isFalse();
        assertThat(schedule.firstDelay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void anAgreementWithoutRetryGetsTheDefaults() {
        assertThat(RetrySchedule.of(outbound(null), DEFAULTS)).isEqualTo(DEFAULTS);
    }

    private static Outbound outbound(Outbound.Retry retry) {
        return new Outbound("hl7v2-mllp", "mllp://h:1", "hl7v2-mdm", "cades", "none", null, null, retry);
    }
}
