package it.pis.gateway.outbound.json;

import it.pis.gateway.crypto.CertificateFiles;
import it.pis.gateway.crypto.CmsEncryption;
import it.pis.gateway.crypto.OutboundTls;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The JSON renderers (json-handover, json-placement) and what routes/json-rest-out.yaml calls by name ({@code pis.outbound.json.*}). */
@Configuration(proxyBeanMethods = false)
class JsonOutboundConfiguration {

    @Bean
    CmsEncryption cmsEncryption(@Value("${pis.outbound.json.cms-content-encryption}") String contentEncryption,
                                Clock clock) {
        return new CmsEncryption(CmsEncryption.ContentEncryption.of(contentEncryption), clock);
    }

    @Bean
    JsonOutput jsonOutput(CmsEncryption cms, CertificateFiles certificates) {
        return new JsonOutput(cms, certificates);
    }

    @Bean
    JsonHandoverRenderer jsonHandoverRenderer(JsonOutput output) {
        return new JsonHandoverRenderer(output);
    }

    @Bean
    JsonPlacementRenderer jsonPlacementRenderer(JsonOutput output,
                                                @Value("${pis.outbound.json.answer-base-url:}") String answerBaseUrl) {
        return new JsonPlacementRenderer(output, answerBaseUrl);
    }

    @Bean
    JsonRestAnswers jsonRestAnswers(@Value("${pis.outbound.json.max-receipt-bytes}") int maxReceiptBytes,
                                    @Value("${pis.outbound.json.connect-timeout}") long connectTimeout,
                                    @Value("${pis.outbound.json.response-timeout}") long responseTimeout) {
        return new JsonRestAnswers(maxReceiptBytes, connectTimeout, responseTimeout);
    }

    /** The HTTP client of json-rest deliveries without retries of its own (httpClientConfigurer=#jsonRestClient). */
    @Bean
    JsonRestClient jsonRestClient() {
        return new JsonRestClient();
    }

    /** Mutual TLS for json-rest deliveries (the endpoint option sslContextParameters=#jsonRestTls). */
    @Bean
    SSLContextParameters jsonRestTls(OutboundTls tls) {
        return new OutboundTlsParameters(tls);
    }
}
