package it.pis.gateway.crypto;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Server-side trust manager of the partner listeners (HTTPS 8443, MLLP/TLS 2576): any client chain
 * completes the handshake, which still proves the client holds the certificate's private key.
 * Trust, validity and the binding to an agreement are checked per message by
 * {@link PartnerCertificates}, so that a refused partner gets an answer that says why instead of a
 * bare TLS alert. It names no acceptable issuers, so a client offers whatever certificate it has
 * (with the JVM default, Tomcat listed the public CAs and a partner's client sent no certificate).
 * Extended, so that JSSE uses it as it is rather than wrapping it with server-side checks.
 * Public with a no-argument constructor because Tomcat instantiates it by class name.
 */
public final class AnyClientCertificate extends X509ExtendedTrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // checked per message by PartnerCertificates
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // checked per message by PartnerCertificates
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // checked per message by PartnerCertificates
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only serves the gateway's partner listeners");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
