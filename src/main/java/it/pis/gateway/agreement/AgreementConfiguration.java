package it.pis.gateway.agreement;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.List;

@Configuration(proxyBeanMethods = false)
class AgreementConfiguration {

    @Bean
    AgreementLoader agreementLoader(List<MappingPathSyntax> pathSyntaxes, List<AgreementCheck> checks) {
        return new AgreementLoader(pathSyntaxes, checks);
    }

    /** Loads and validates every agreement; an invalid folder stops start-up (see InvalidAgreementsFailureAnalyzer). */
    @Bean
    AgreementRegistry agreementRegistry(AgreementLoader loader, @Value("${pis.agreements.dir}") Path folder) {
        return new AgreementRegistry(loader, folder);
    }

    @Bean
    AgreementDraft agreementDraft(AgreementLoader loader) {
        return new AgreementDraft(loader);
    }
}
