package it.pis.gateway.mllp;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** MLLP framing for the netty endpoints of both directions (routes name them #mllpDecoder and #mllpEncoder). */
@Configuration(proxyBeanMethods = false)
class MllpConfiguration {

    /** A fresh decoder per connection; blocks over the limit are cut (pis.mllp.max-message-bytes). */
    @Bean
    MllpFrameDecoderFactory mllpDecoder(@Value("${pis.mllp.max-message-bytes}") int maxMessageBytes) {
        return new MllpFrameDecoderFactory(maxMessageBytes);
    }

    @Bean
    MllpFrameEncoder mllpEncoder() {
        return new MllpFrameEncoder();
    }
}
