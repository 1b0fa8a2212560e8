package it.pis.gateway.crypto;

import it.pis.gateway.agreement.AgreementRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Keys, trust and certificate binding. With {@code pis.tls.dev-certificates=true} (the embedded
 * default) the development PKI is generated into {@code pis.tls.certs-dir} when missing; the
 * production profile turns that off and expects the files it names.
 */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    @Bean
    CertificateFiles certificateFiles(@Value("${pis.tls.certs-dir}") Path folder,
                                      @Value("${pis.tls.dev-certificates}") boolean dev) {
        return new CertificateFiles(folder, dev);
    }

    @Bean
    GatewayKeys gatewayKeys(CertificateFiles files, @Value("${pis.tls.dev-certificates}") boolean dev,
                            @Value("${pis.tls.certificate}") Path certificate, @Value("${pis.tls.private-key}") Path key,
                            @Value("${pis.tls.trusted-cas}") Path trustedCas) {
        if (dev) {
            DevCertificates.ensure(files.folder(), List.of());
        }
        return new GatewayKeys(certificate, key, trustedCas);
    }

    /** Trust for TLS clients and message signers alike; {@code pis.tls.crls}: comma-separated CRL files. */
    @Bean
    CertificateTrust certificateTrust(GatewayKeys keys, Clock clock, @Value("${pis.tls.crls:}") String crls) {
        List<Path> files = Arrays.stream(crls.split(",")).map(String::strip).filter(f -> !f.isEmpty()).map(Path::of).toList();
        return new CertificateTrust(keys.trustedCas(), CertificateTrust.readCrls(files), clock);
    }

    /** CAdES (.p7m) signatures of outbound documents with the gateway's key. */
    @Bean
    CadesSigner cadesSigner(GatewayKeys keys) {
        return new CadesSigner(keys);
    }

    @Bean
    OutboundTls outboundTls(GatewayKeys keys) {
        return new OutboundTls(keys);
    }

    @Bean
    PartnerCertificates partnerCertificates(AgreementRegistry agreements, CertificateFiles files, CertificateTrust trust) {
        return new PartnerCertificates(agreements, files, trust);
    }
}
