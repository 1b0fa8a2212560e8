package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.agreement.AgreementRegistry;
import org.apache.camel.component.netty.NettyComponent;
import org.springframework.beans.factory.annotation.Value;
import it.pis.gateway.crypto.AnyClientCertificate;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.inbound.CertificateIdentification;
import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.springframework.context.annotation.Bean;

import java.util.UUID;
import org.springframework.context.annotation.Configuration;

import java.nio.charset.Charset;
import java.time.ZoneId;

/** Beans that routes/hl7v2-mllp-in.yaml calls by name. */
@Configuration(proxyBeanMethods = false)
class Hl7Configuration {

    @Bean
    Hl7PathSyntax hl7PathSyntax() {
        return new Hl7PathSyntax();
    }

    @Bean
    Hl7Intake hl7Intake(AgreementRegistry agreements, CertificateIdentification certificates,
                        @Value("${pis.hl7.default-charset}") Charset defaultCharset) {
        return new Hl7Intake(agreements, certificates, defaultCharset);
    }

    /**
     * TLS of the MLLP/TLS listener: the gateway's key pair, and a client certificate is required.
     * Any client chain completes the handshake ({@link AnyClientCertificate}); trust, validity and
     * the binding to the MSH-4 agreement are checked per message by {@link Hl7Intake#identify}, so a
     * refused partner gets an AR that says why rather than a bare TLS alert.
     */
    @Bean
    SSLContextParameters mllpTls(GatewayKeys keys) {
        char[] password = UUID.randomUUID().toString().toCharArray();
        KeyStoreParameters keyStore = new KeyStoreParameters();
        keyStore.setKeyStore(keys.keyStore(password));
        KeyManagersParameters keyManagers = new KeyManagersParameters();
        keyManagers.setKeyStore(keyStore);
        keyManagers.setKeyPassword(new String(password));
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setTrustManager(new AnyClientCertificate());
        SSLContextParameters tls = new SSLContextParameters();
        tls.setKeyManagers(keyManagers);
        tls.setTrustManagers(trust);
        SSLContextServerParameters server = new SSLContextServerParameters();
        server.setClientAuthentication(ClientAuthentication.REQUIRE.name());
        tls.setServerParameters(server);
        return tls;
    }

    @Bean
    Hl7Acknowledgements hl7Acks(@Value("${pis.hl7.application}") String application,
                                @Value("${pis.hl7.facility}") String facility,
                                @Value("${pis.zone}") ZoneId zone) {
        return new Hl7Acknowledgements(application, facility, zone);
    }

    /**
     * The netty component with enough workers: each connection's messages run on one worker (so
     * in order) and wait there for the journal's group commit, so the worker count bounds how
     * many messages share a commit. Camel's default is 2 x cores + 1.
     */
    @Bean
    NettyComponent netty(@Value("${pis.mllp.workers}") int workers) {
        NettyComponent netty = new NettyComponent();
        netty.setMaximumPoolSize(workers);
        return netty;
    }
}
