package it.pis.gateway.inbound;

import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.crypto.PartnerCertificates;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InboundConfiguration {

    @Bean
    CertificateIdentification certificateIdentification(PartnerCertificates certificates, AgreementRegistry agreements) {
        return new CertificateIdentification(certificates, agreements);
    }
}
