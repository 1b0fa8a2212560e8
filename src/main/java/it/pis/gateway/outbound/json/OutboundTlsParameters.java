package it.pis.gateway.outbound.json;

import it.pis.gateway.crypto.OutboundTls;
import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;

import javax.net.ssl.SSLContext;

/**
 * The gateway's outbound TLS ({@link OutboundTls}: its client certificate, the JDK's CAs plus
 * {@code pis.tls.trusted-cas}) as the {@code sslContextParameters} camel-http takes. It hands out
 * that SSLContext as it is, rather than letting Camel build another from the key stores with its
 * own protocol defaults, so that every delivery over TLS negotiates the same way.
 */
final class OutboundTlsParameters extends SSLContextParameters {

    private final OutboundTls tls;

    OutboundTlsParameters(OutboundTls tls) {
        this.tls = tls;
    }

    @Override
    public SSLContext createSSLContext(CamelContext camelContext) {
        return tls.sslContext();
    }
}
