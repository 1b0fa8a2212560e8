package it.pis.gateway.outbound.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.Parser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.crypto.CadesSigner;
import it.pis.gateway.crypto.OutboundTls;
import it.pis.gateway.outbound.pdf.SynthesisPdf;
import it.pis.gateway.outbound.pdf.SynthesisText;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.ZoneId;

/** The hl7v2-mdm renderer and the beans routes/hl7v2-mllp-out.yaml names. */
@Configuration(proxyBeanMethods = false)
class MdmConfiguration {

    @Bean
    MdmRenderer mdmRenderer(@Value("${pis.hl7.application}") String application,
                            @Value("${pis.hl7.facility}") String facility, @Value("${pis.zone}") ZoneId zone,
                            SynthesisPdf pdf, CadesSigner signer) {
        return new MdmRenderer(application, facility, zone, pdf, new SynthesisText(zone), signer);
    }

    @Bean
    MllpDelivery mllpDelivery(@Value("${pis.outbound.mllp.connect-timeout}") Duration connectTimeout,
                              @Value("${pis.outbound.mllp.read-timeout}") Duration readTimeout) {
        return new MllpDelivery(connectTimeout, readTimeout);
    }

    /**
     * Reads receivers' ACKs of any HL7 v2 version into the 2.5.1 model (the only structures on the
     * class path), without validation: an ACK is judged by MSA-1 and MSA-2, not by its conformance.
     */
    @Bean(destroyMethod = "")
    Parser ackParser() {
        HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        hapi.getParserConfiguration().setValidating(false);
        return hapi.getPipeParser();
    }

    /** TLS for mllps:// endpoints: the gateway's certificate as client certificate, the JDK's and pis.tls.trusted-cas CAs. */
    @Bean
    MllpTlsClient mllpTlsClient(OutboundTls tls) {
        return new MllpTlsClient(tls.sslContext());
    }
}
