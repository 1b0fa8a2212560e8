package it.pis.gateway.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Times as the operations room reads them: the centre's zone ({@code pis.console.zone}, Italy by
 * default), day first, to the second.
 */
@Component
public class ConsoleTime {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");

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

    public Instant now() {
        return clock.instant();
    }
}
