package it.pis.gateway.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as the console shows them, in the centre's zone ({@code pis.console.zone}, Europe/Rome),
 * for templates: {@code ${@consoleTimes.local(instant)}}; the ISO instant goes in {@code <time datetime>}.
 */
@Component
public class ConsoleTimes {

    private final ZoneId zone;
    private final DateTimeFormatter local;
    private final DateTimeFormatter day;

    ConsoleTimes(@Value("${pis.console.zone:Europe/Rome}") ZoneId zone) {
        this.zone = zone;
        this.local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
        this.day = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(zone);
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

    public String local(Instant at) {
        return at == null ? "" : local.format(at);
    }

    public String day(Instant at) {
        return at == null ? "" : day.format(at);
    }

    /** A wait in seconds as h:mm:ss, e.g. 1:02:05. */
    public String duration(long seconds) {
        return String.format("%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }
}
