package it.pis.gateway.outbound.segnatura;

import it.pis.gateway.crypto.CadesSigner;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.XadesSigner;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.journal.GroupCommit;
import it.pis.gateway.journal.ProtocolRegister;
import it.pis.gateway.outbound.OutboundEndpoints;
import it.pis.gateway.outbound.pdf.SynthesisPdf;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.ZoneId;

/** The segnatura-xml format: XAdES signer, the centre's protocol register, the renderer. */
@Configuration(proxyBeanMethods = false)
class SegnaturaConfiguration {

    @Bean
    XadesSigner xadesSigner(GatewayKeys keys, Clock clock) {
        return new XadesSigner(keys, clock);
    }

    @Bean
    ProtocolRegister protocolRegister(JdbcTemplate jdbc, GroupCommit commits, @Value("${pis.zone}") ZoneId zone) {
        return new ProtocolRegister(jdbc, commits, zone);
    }

    @Bean
    SegnaturaRenderer segnaturaRenderer(SynthesisPdf synthesisPdf, CadesSigner cadesSigner, XadesSigner xadesSigner,
                                        ProtocolRegister protocolRegister, OutboundEndpoints endpoints,
                                        Segnatura.Classification segnaturaClassification, HandoverDocument.Party centre,
                                        Clock clock) {
        SegnaturaRenderer.checkCentre(centre);
        return new SegnaturaRenderer(synthesisPdf, cadesSigner, xadesSigner, protocolRegister, endpoints,
                segnaturaClassification, clock);
    }

    @Bean
    Segnatura.Classification segnaturaClassification(@Value("${pis.pec.segnatura.classification-code}") String code,
                                                     @Value("${pis.pec.segnatura.classification-name}") String name) {
        return new Segnatura.Classification(code, name);
    }
}
