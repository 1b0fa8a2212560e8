package it.pis.gateway.mllp;

import it.pis.gateway.it.Hl7Fixtures;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MLLP listener takes at most pis.mllp.max-connections connections (here two): the third is
 * closed as soon as it opens, the first two go on working, and once one of them closes a new
 * connection is taken again.
 */
class MllpConnectionCapTest extends MllpListenerTestSupport {

    @Override
    int maxConnections() {
        return 2;
    }

    @Override
    Duration idleTimeout() {
        return Duration.ofMinutes(5);
    }

    @Test
    void theConnectionBeyondTheCapIsClosedWhileTheOthersGoOn() throws Exception {
        try (Socket first = connect(); Socket second = connect()) {
            assertThat(exchange(first, Hl7Fixtures.adtA04("CAP0001", "Rossi", "Mario", null))).contains("MSA|AA|CAP0001");
            assertThat(exchange(second, Hl7Fixtures.adtA04("CAP0002", "Rossi", "Mario", null))).contains("MSA|AA|CAP0002");

            try (Socket third = connect()) {
                assertThat(closedByGateway(third)).isTrue();
            }

            assertThat(exchange(first, Hl7Fixtures.adtA04("CAP0003", "Rossi", "Mario", null))).contains("MSA|AA|CAP0003");
            assertThat(exchange(second, Hl7Fixtures.adtA04("CAP0004", "Rossi", "Mario", null))).contains("MSA|AA|CAP0004");
        }
        assertThat(journal.accepted).hasSize(4);
    }

    @Test
    void aClosedConnectionFreesItsPlace() throws Exception {
        try (Socket first = connect()) {
            try (Socket second = connect()) {
                assertThat(exchange(second, Hl7Fixtures.adtA04("CAP0005", "Rossi", "Mario", null))).contains("MSA|AA|");
            }
            awaitOpenConnections(1);
            try (Socket third = connect()) {
                assertThat(exchange(third, Hl7Fixtures.adtA04("CAP0006", "Rossi", "Mario", null))).contains("MSA|AA|");
            }
            assertThat(exchange(first, Hl7Fixtures.adtA04("CAP0007", "Rossi", "Mario", null))).contains("MSA|AA|");
        }
    }

    /** The listener sees a client's close a moment after the client made it. */
    private void awaitOpenConnections(int expected) throws InterruptedException {
        for (int i = 0; i < 200 && connectionLimit.open(PORT) != expected; i++) {
            Thread.sleep(50);
        }
        assertThat(connectionLimit.open(PORT)).isEqualTo(expected);
    }
}
