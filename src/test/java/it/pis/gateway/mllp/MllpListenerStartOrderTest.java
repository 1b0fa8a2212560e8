package it.pis.gateway.mllp;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MLLP listeners open after the route behind them runs, and close before it stops: a partner
 * never connects to a port whose messages would find no route.
 */
class MllpListenerStartOrderTest extends MllpListenerTestSupport {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    int maxConnections() {
        return 100;
    }

    @Override
    Duration idleTimeout() {
        return Duration.ofMinutes(5);
    }

    @Override
    protected void beforeStart() {
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.RouteStartedEvent started) {
                    events.add("started " + started.getRoute().getRouteId());
                } else if (event instanceof CamelEvent.RouteStoppedEvent stopped) {
                    events.add("stopped " + stopped.getRoute().getRouteId());
                }
            }
        });
    }

    @Test
    void theListenerStartsAfterItsRouteAndStopsBeforeIt() throws Exception {
        try (Socket socket = connect()) {
            assertThat(socket.isConnected()).isTrue();
        }
        context.stop();

        assertThat(events).containsSubsequence("started hl7v2-mllp-in", "started hl7v2-mllp-listener");
        assertThat(events).containsSubsequence("stopped hl7v2-mllp-listener", "stopped hl7v2-mllp-in");
    }
}
