package it.pis.gateway.outbound.pdf;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.ZoneId;

@Configuration(proxyBeanMethods = false)
class PdfConfiguration {

    /** One instance for the whole gateway: it reads the font once. */
    @Bean
    SynthesisPdf synthesisPdf(@Value("${pis.zone}") ZoneId zone) {
        return new SynthesisPdf(zone);
    }
}
