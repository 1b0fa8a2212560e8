package it.pis.gateway.health;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One line per state change of an outage, however many failures it is made of: ERROR when it starts
 * (with the innermost cause), a WARN reminder once per period while it lasts, INFO when it ends.
 * Logback's own appender collects the lines; the clock is moved by hand.
 */
class OutageLogTest {

    final Logger logger = (Logger) LoggerFactory.getLogger("it.pis.gateway.health.OutageLogTest.target");
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final MovableClock clock = new MovableClock();
    final OutageLog outage = new OutageLog(logger, "message broker", clock, Duration.ofMinutes(5));
    final RuntimeException refused = new IllegalStateException("send failed", new ConnectException("Connection refused"));

    OutageLogTest() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void aThousandFailuresOfOneOutageAreOneLineThenOneReminderPerPeriodThenOneLineWhenBack() {
        for (int i = 0; i < 1000; i++) {
            outage.down(refused, "reports wait in the outbox");
            clock.advance(Duration.ofMillis(200));
        }
        clock.advance(Duration.ofMinutes(5));
        outage.down(refused, "reports wait in the outbox");
        outage.down(refused, "reports wait in the outbox");
        outage.up();
        outage.up();

        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.ERROR, Level.WARN, Level.INFO);
        assertThat(lines.list.get(0).getFormattedMessage())
                .isEqualTo("message broker unavailable (ConnectException: Connection refused): reports wait in the outbox");
        assertThat(lines.list.get(1).getFormattedMessage()).startsWith("message broker still unavailable after 8m20s"
                + " (1001 failed attempts; last: ConnectException: Connection refused)");
        assertThat(lines.list.get(2).getFormattedMessage()).isEqualTo("message broker available again after 8m20s"
                + " (1002 failed attempts)");
        assertThat(outage.isDown()).isFalse();
    }

    @Test
    void successesWithoutAnOutageLogNothingButAreRemembered() {
        outage.up();
        outage.up();

        assertThat(lines.list).isEmpty();
        assertThat(outage.lastSuccess()).isEqualTo(clock.instant());
        assertThat(outage.downSince()).isNull();
    }

    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T03:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
