package it.pis.gateway.mllp;

import it.pis.gateway.it.Hl7Fixtures;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MLLP listener closes a connection on which nothing arrives for pis.mllp.idle-timeout (here a
 * second): one left with half a frame, and an idle one after its message was answered.
 */
class MllpIdleTimeoutTest extends MllpListenerTestSupport {

    @Override
    int maxConnections() {
        return 100;
    }

    @Override
    Duration idleTimeout() {
        return Duration.ofSeconds(1);
    }

    @Test
    void aConnectionLeftWithHalfAFrameIsClosed() throws Exception {
        try (Socket socket = connect()) {
            byte[] message = Hl7Fixtures.adtA04("IDLE0001", "Rossi", "Mario", null).getBytes(StandardCharsets.ISO_8859_1);
            socket.getOutputStream().write(0x0B);
            socket.getOutputStream().write(message, 0, message.length / 2);
            socket.getOutputStream().flush();

            assertThat(closedByGateway(socket)).isTrue();
        }
        assertThat(journal.accepted).isEmpty();
    }

    @Test
    void anIdleConnectionIsClosedAfterItsMessageWasAnswered() throws Exception {
        try (Socket socket = connect()) {
            assertThat(exchange(socket, Hl7Fixtures.adtA04("IDLE0002", "Rossi", "Mario", null))).contains("MSA|AA|IDLE0002");

            assertThat(closedByGateway(socket)).isTrue();
        }
        assertThat(journal.accepted).hasSize(1);
    }
}
