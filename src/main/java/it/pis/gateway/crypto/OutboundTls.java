package it.pis.gateway.crypto;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/**
 * TLS for the gateway as a client of partners (FHIR, SOAP, JSON, MLLP/TLS deliveries): it shows
 * the gateway's own certificate when a partner asks for one (mutual TLS, as ModI wants), and trusts
 * the JDK's public CAs plus the CAs of {@code pis.tls.trusted-cas} (the development CA, or the
 * partners' CAs in production). Host names are verified by the HTTP clients as usual.
 */
public final class OutboundTls {

    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private final SSLContext context;
    private final KeyStore keyStore;
    private final KeyStore trustStore;

    public OutboundTls(GatewayKeys keys) {
        try {
            this.keyStore = keys.keyStore(IN_MEMORY);
            this.trustStore = trustStore(keys);
            KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            km.init(keyStore, IN_MEMORY);
            TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tm.init(trustStore);
            context = SSLContext.getInstance("TLS");
            context.init(km.getKeyManagers(), tm.getTrustManagers(), null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for outbound deliveries", e);
        }
    }

    public SSLContext sslContext() {
        return context;
    }

    /** The gateway's key and certificate (alias {@code gateway}), for stacks that take a KeyStore. */
    public KeyStore keyStore() {
        return keyStore;
    }

    public char[] keyStorePassword() {
        return IN_MEMORY.clone();
    }

    /** The JDK's CAs plus {@code pis.tls.trusted-cas}. */
    public KeyStore trustStore() {
        return trustStore;
    }

    private static KeyStore trustStore(GatewayKeys keys) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
            TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jdk.init((KeyStore) null);
            int i = 0;
            for (var manager : jdk.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("jdk-" + i++, ca);
                    }
                }
            }
            for (X509Certificate ca : keys.trustedCas()) {
                store.setCertificateEntry("pis-" + i++, ca);
            }
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }
}
