package it.pis.gateway.outbound.soap;

import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.OutboundTls;
import it.pis.gateway.outbound.OutboundEndpoints;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Handovers to the police over SOAP: the {@code soap-handover} renderer, and the beans that
 * routes/soap-out.yaml calls by name (the sender and the reader of the partner's answers).
 */
@Configuration(proxyBeanMethods = false)
class SoapOutboundConfiguration {

    @Bean
    SoapHandoverRenderer soapHandoverRenderer(OutboundEndpoints endpoints) {
        return new SoapHandoverRenderer(endpoints);
    }

    @Bean(destroyMethod = "close")
    SoapHandoverSender soapHandoverSender(GatewayKeys keys, OutboundTls tls,
                                          @Value("${pis.outbound.soap.connect-timeout}") Duration connectTimeout,
                                          @Value("${pis.outbound.soap.receive-timeout}") Duration receiveTimeout,
                                          @Value("${pis.outbound.soap.timestamp-ttl}") Duration timestampTtl,
                                          @Value("${pis.outbound.soap.max-response-bytes}") DataSize maxResponse) {
        return new SoapHandoverSender(keys, tls, new SoapHandoverSender.Settings(connectTimeout, receiveTimeout,
                timestampTtl, Math.toIntExact(maxResponse.toBytes())));
    }

    @Bean
    SoapReplies soapReplies() {
        return new SoapReplies();
    }
}
