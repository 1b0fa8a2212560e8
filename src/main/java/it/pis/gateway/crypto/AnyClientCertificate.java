package it.pis.gateway.crypto;

import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The partner connector's TLS trust manager: it names no acceptable CA in its certificate request
 * and lets any client certificate through the handshake, so that every client (Java's included,
 * which otherwise sends nothing when its issuer is not in the server's list) presents its
 * certificate and {@link PartnerCertificates} refuses it with a clear reason (expired, untrusted,
 * not any agreement's). The handshake still proves that the client holds the certificate's key.
 * Used by Tomcat by class name; never for server certificates.
 */
public final class AnyClientCertificate implements X509TrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // checked after the handshake by PartnerCertificates.authenticate
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager is for partner client certificates only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
