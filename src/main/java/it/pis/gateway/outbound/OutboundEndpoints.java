package it.pis.gateway.outbound;

import it.pis.gateway.agreement.Agreement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Where a recipient's deliveries go: its agreement's {@code outbound.endpoint}, unless the
 * configuration overrides it ({@code pis.outbound.endpoints.<agreement id>}), as the demo does to
 * point the demo agreements at local receivers, or an operator does to send one partner to its
 * staging system. Every override is logged at start-up.
 */
public class OutboundEndpoints {

    private static final Logger log = LoggerFactory.getLogger(OutboundEndpoints.class);

    private final Map<String, String> overrides;

    public OutboundEndpoints(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
        this.overrides.forEach((partner, endpoint) ->
                log.warn("outbound endpoint of {} overridden by configuration: {}", partner, endpoint));
    }

    public String of(Agreement recipient) {
        return overrides.getOrDefault(recipient.id(), recipient.outbound().endpoint());
    }
}
