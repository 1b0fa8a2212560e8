package it.pis.gateway.crypto;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.X509Certificate;

/**
 * The partner connector's TLS trust manager: takes any client certificate in the handshake and names
 * no acceptable CAs, so that every client sends the certificate it has. Without it Tomcat's default
 * trust manager lists the JVM's public CAs in the CertificateRequest, and a client whose certificate
 * comes from the partner CA finds no match and sends none: every partner would be refused with "no
 * client certificate". The handshake still proves the client holds the key;
 * {@link PartnerCertificates} then checks validity, issuer and agreement, with reasons.
 */
public final class ClientCertificatesCheckedLater extends X509ExtendedTrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // checked per request by PartnerCertificates
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // checked per request by PartnerCertificates
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // checked per request by PartnerCertificates
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("server-side trust manager only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("server-side trust manager only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("server-side trust manager only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
