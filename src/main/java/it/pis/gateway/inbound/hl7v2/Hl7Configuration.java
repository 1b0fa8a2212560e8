package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.agreement.AgreementRegistry;
import org.apache.camel.component.netty.NettyComponent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.Charset;
import java.time.ZoneId;

/** Beans that routes/hl7v2-mllp-in.yaml calls by name. */
@Configuration(proxyBeanMethods = false)
class Hl7Configuration {

    @Bean
    Hl7PathSyntax hl7PathSyntax() {
        return new Hl7PathSyntax();
    }

    @Bean
    Hl7Intake hl7Intake(AgreementRegistry agreements, @Value("${pis.hl7.default-charset}") Charset defaultCharset) {
        return new Hl7Intake(agreements, defaultCharset);
    }

    @Bean
    Hl7Acknowledgements hl7Acks(@Value("${pis.hl7.application}") String application,
                                @Value("${pis.hl7.facility}") String facility,
                                @Value("${pis.zone}") ZoneId zone) {
        return new Hl7Acknowledgements(application, facility, zone);
    }

    @Bean
    MllpFrameDecoderFactory mllpDecoder(@Value("${pis.mllp.max-message-bytes}") int maxMessageBytes) {
        return new MllpFrameDecoderFactory(maxMessageBytes);
    }

    /**
     * The netty component with enough workers: each connection's messages run on one worker (so
     * in order) and wait there for the journal's group commit, so the worker count bounds how
     * many messages share a commit. Camel's default is 2 x cores + 1.
     */
    @Bean
    NettyComponent netty(@Value("${pis.mllp.workers}") int workers) {
        NettyComponent netty = new NettyComponent();
        netty.setMaximumPoolSize(workers);
        return netty;
    }

    @Bean
    MllpFrameEncoder mllpEncoder() {
        return new MllpFrameEncoder();
    }
}
