package it.pis.gateway.outbound.hl7v2;

import it.pis.gateway.crypto.CadesSigner;
import it.pis.gateway.outbound.pdf.SynthesisPdf;
import it.pis.gateway.outbound.pdf.SynthesisText;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.ZoneId;

@Configuration(proxyBeanMethods = false)
class MdmConfiguration {

    @Bean
    MdmRenderer mdmRenderer(@Value("${pis.hl7.application}") String application,
                            @Value("${pis.hl7.facility}") String facility, @Value("${pis.zone}") ZoneId zone,
                            SynthesisPdf pdf, CadesSigner signer) {
        return new MdmRenderer(application, facility, zone, pdf, new SynthesisText(zone), signer);
    }
}
