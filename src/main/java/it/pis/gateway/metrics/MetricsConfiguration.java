package it.pis.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.crypto.CertificateFiles;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.journal.MessageHistory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The gateway's own figures for {@code /actuator/prometheus} beyond those counted where they
 * happen ({@code pis.messages.in} in the inbound journal, {@code pis.messages.out} in the delivery
 * outcomes, {@code pis.journal.commit} in the group commit): the delivery backlog and the
 * certificates' days to expiry.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    DeliveryBacklog deliveryBacklog(JdbcTemplate jdbc, MeterRegistry meters, Clock clock, AgreementRegistry agreements,
                                    @Value("${pis.metrics.backlog-max-age:PT10S}") Duration maxAge) {
        return new DeliveryBacklog(jdbc, meters, clock, maxAge, agreements.current().all().stream()
                .filter(a -> a.outbound() != null).map(Agreement::id).collect(Collectors.toSet()));
    }

    @Bean
    CertificateExpiry certificateExpiry(GatewayKeys keys, AgreementRegistry agreements, CertificateFiles files,
                                        MeterRegistry meters, Clock clock,
                                        @Value("${pis.metrics.certificates-max-age:PT5M}") Duration maxAge) {
        return new CertificateExpiry(keys, agreements, files, meters, clock, maxAge);
    }

    @Bean
    PartnerFigures partnerFigures(AgreementRegistry agreements, MeterRegistry meters, DeliveryBacklog backlog,
                                  CertificateExpiry certificates, MessageHistory history, Clock clock) {
        return new PartnerFigures(agreements, meters, backlog, certificates, history, clock);
    }
}
