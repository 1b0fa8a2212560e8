package it.pis.gateway.outbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.ZoneId;

/** The fhir-document renderer and the fhir-rest transport's beans (routes/fhir-rest-out.yaml calls them by name). */
@Configuration(proxyBeanMethods = false)
class FhirOutboundConfiguration {

    @Bean
    FhirDocumentRenderer fhirDocumentRenderer(FhirContext fhir, @Value("${pis.zone}") ZoneId zone) {
        return new FhirDocumentRenderer(fhir, zone);
    }
}
