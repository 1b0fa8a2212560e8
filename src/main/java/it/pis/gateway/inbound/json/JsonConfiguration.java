package it.pis.gateway.inbound.json;

import it.pis.gateway.crypto.CmsDecryption;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.inbound.CertificateIdentification;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans that routes/json-rest-in.yaml calls by name, and the path syntax of json-rest mappings. */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonPointerSyntax jsonPointerSyntax() {
        return new JsonPointerSyntax();
    }

    @Bean
    JsonSettings jsonSettings(@Value("${pis.json.max-body-bytes}") int maxBodyBytes) {
        return new JsonSettings(maxBodyBytes);
    }

    /** Opens CMS bodies with the gateway's private key (the JSON channel is its only user so far). */
    @Bean
    CmsDecryption cmsDecryption(GatewayKeys keys) {
        return new CmsDecryption(keys);
    }

    @Bean
    JsonIntake jsonIntake(CertificateIdentification identification, CmsDecryption cms, JsonSettings settings) {
        return new JsonIntake(identification, cms, new JsonSchemas(), settings.maxBodyBytes());
    }

    @Bean
    JsonAnswers jsonAnswers() {
        return new JsonAnswers();
    }
}
