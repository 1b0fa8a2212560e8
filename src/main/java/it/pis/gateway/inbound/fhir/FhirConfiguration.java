package it.pis.gateway.inbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import it.pis.gateway.crypto.ModiRestIntegrity;
import it.pis.gateway.inbound.CertificateIdentification;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans that routes/fhir-rest-in.yaml calls by name, and the one FhirContext of the application. */
@Configuration(proxyBeanMethods = false)
class FhirConfiguration {

    /** Expensive to create (it scans the R4 model), thread-safe once made: one for the application. */
    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4();
    }

    @Bean
    FhirPathSyntax fhirPathSyntax(FhirContext fhir) {
        return new FhirPathSyntax(fhir);
    }

    @Bean
    FhirChannelSettings fhirChannelSettings(@Value("${pis.fhir.max-body-bytes}") int maxBodyBytes) {
        return new FhirChannelSettings(maxBodyBytes);
    }

    @Bean
    FhirIntake fhirIntake(FhirContext fhir, CertificateIdentification identification, ModiRestIntegrity modi,
                          FhirChannelSettings settings) {
        return new FhirIntake(fhir, identification, modi, settings.maxBodyBytes());
    }

    @Bean
    FhirAnswers fhirAnswers() {
        return new FhirAnswers();
    }
}
