package it.pis.gateway.mllp;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * MLLP framing for the netty endpoints of both directions (routes name them #mllpDecoder and
 * #mllpEncoder), and the listeners' connection cap and idle timeout (#mllpConnectionLimit, #mllpIdleTimeout).
 */
@Configuration(proxyBeanMethods = false)
class MllpConfiguration {

    /** A fresh decoder per connection; blocks over the limit are cut (pis.mllp.max-message-bytes). */
    @Bean
    MllpFrameDecoderFactory mllpDecoder(@Value("${pis.mllp.max-message-bytes}") int maxMessageBytes) {
        return new MllpFrameDecoderFactory(maxMessageBytes);
    }

    /** Both listeners: at most pis.mllp.max-connections open connections each. */
    @Bean
    MllpConnectionLimit mllpConnectionLimit(@Value("${pis.mllp.max-connections}") int maxConnections) {
        return new MllpConnectionLimit(maxConnections);
    }

    /** Both listeners: a connection silent for pis.mllp.idle-timeout is closed, half a frame or not. */
    @Bean
    MllpIdleTimeout mllpIdleTimeout(@Value("${pis.mllp.idle-timeout}") Duration idleTimeout) {
        return new MllpIdleTimeout(idleTimeout);
    }

    @Bean
    MllpFrameEncoder mllpEncoder() {
        return new MllpFrameEncoder();
    }
}
