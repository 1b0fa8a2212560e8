package it.pis.gateway.outbound.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import it.pis.gateway.crypto.ModiRestSigner;
import it.pis.gateway.crypto.OutboundTls;

import java.time.Duration;
import java.time.ZoneId;

/** The fhir-document renderer and the fhir-rest transport's beans (routes/fhir-rest-out.yaml calls them by name). */
@Configuration(proxyBeanMethods = false)
class FhirOutboundConfiguration {

    @Bean
    FhirDocumentRenderer fhirDocumentRenderer(FhirContext fhir, @Value("${pis.zone}") ZoneId zone) {
        return new FhirDocumentRenderer(fhir, zone);
    }

    @Bean
    FhirRestSettings fhirRestSettings(@Value("${pis.outbound.fhir.connect-timeout}") Duration connectTimeout,
                                      @Value("${pis.outbound.fhir.response-timeout}") Duration responseTimeout,
                                      @Value("${pis.outbound.fhir.max-receipt-bytes}") int maxReceiptBytes,
                                      @Value("${pis.outbound.fhir.conditional-create}") boolean conditionalCreate) {
        return new FhirRestSettings(connectTimeout, responseTimeout, maxReceiptBytes, conditionalCreate);
    }

    @Bean
    FhirRestClient fhirRestClient(OutboundTls tls, ModiRestSigner signer, FhirRestSettings settings) {
        return new FhirRestClient(tls, signer, settings);
    }

    @Bean
    FhirRestResults fhirRestResults(FhirContext fhir) {
        return new FhirRestResults(fhir);
    }
}
