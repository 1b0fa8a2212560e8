package it.pis.gateway.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as the operations room reads them: the centre's zone ({@code pis.console.zone}, Italy by
 * default), day first, to the second. Templates call it as {@code ${@consoleTime.show(instant)}};
 * the ISO instant goes in {@code <time datetime>}.
 */
@Component
public class ConsoleTime {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final ZoneId zone;
    private final Clock clock;

    public ConsoleTime(@Value("${pis.console.zone:Europe/Rome}") String zone, Clock clock) {
        this.zone = ZoneId.of(zone);
        this.clock = clock;
    }

    /** {@code 01/12/2026 03:15:00}, or empty for none. */
    public String show(Instant instant) {
        return instant == null ? "" : SHOWN.format(instant.atZone(zone));
    }

    /** The day only: {@code 01/12/2026}. */
    public String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant.atZone(zone));
    }

    /** A wait in seconds as h:mm:ss, e.g. 1:02:05. */
    public String duration(long seconds) {
        return String.format("%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }

    /**
     * A search form's {@code <input type="datetime-local">} value (2026-12-01T03:00, seconds optional)
     * as the instant it means in the centre's zone; null when blank.
     *
     * @throws DateTimeParseException when it is not such a value
     */
    public Instant instant(String local) {
        if (local == null || local.isBlank()) {
            return null;
        }
        return LocalDateTime.parse(local.strip()).atZone(zone).toInstant();
    }

    public Instant now() {
        return clock.instant();
    }
}
