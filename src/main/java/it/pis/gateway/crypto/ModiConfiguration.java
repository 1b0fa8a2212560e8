package it.pis.gateway.crypto;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** AgID ModI for the REST channels ({@code pis.modi.*}): verification of partners' requests, signing of the gateway's. */
@Configuration(proxyBeanMethods = false)
class ModiConfiguration {

    @Bean
    ModiRestIntegrity modiRestIntegrity(PartnerCertificates certificates, CertificateTrust trust,
                                        ReplayGuard replays, Clock clock,
                                        @Value("${pis.modi.max-age}") Duration maxAge,
                                        @Value("${pis.modi.clock-skew}") Duration clockSkew) {
        return new ModiRestIntegrity(certificates, trust, replays, clock, maxAge, clockSkew);
    }

    /** The gateway's own INTEGRITY_REST_01 signatures on the REST deliveries it makes (a fresh one per attempt). */
    @Bean
    ModiRestSigner modiRestSigner(GatewayKeys keys, Clock clock, @Value("${pis.modi.issuer}") String issuer,
                                  @Value("${pis.modi.signature-lifetime}") Duration lifetime) {
        return new ModiRestSigner(keys, issuer, lifetime, clock);
    }
}
