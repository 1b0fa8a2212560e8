package it.pis.gateway.it;

import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;

/**
 * A partner as the gateway sees it from outside: java.net.http over mutual TLS with the partner's
 * generated PKCS#12 (or another key store), trusting only the development CA.
 */
public final class PartnerClient {

    private final int port;
    private final SSLContext tls;
    private final HttpClient http;

    public PartnerClient(Path certs, int port, String partner) {
        this(certs, port, partner == null ? null : loadPkcs12(certs.resolve(partner + ".p12")));
    }

    PartnerClient(Path certs, int port, KeyStore clientKeys) {
        this.port = port;
        this.tls = sslContext(certs, clientKeys);
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public SSLContext tls() {
        return tls;
    }

    public URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static KeyStore loadPkcs12(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, DevCertificates.DEV_PASSWORD.toCharArray());
            return store;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** TLS trusting only the development CA in {@code certs}, presenting {@code clientKeys} (null: no certificate). */
    public static SSLContext sslContext(Path certs, KeyStore clientKeys) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("dev-ca", Pem.readCertificate(certs.resolve(DevCertificates.CA + ".crt")));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(clientKeys, DevCertificates.DEV_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientKeys == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }
}
