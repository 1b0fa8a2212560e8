package it.pis.gateway.bench;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The FHIR ceiling, as the raw echo is for MLLP: an HTTPS server with the gateway's development
 * certificate that requires a client certificate from the development CA (mutual TLS, like the
 * partner port), reads each request whole and answers 200 with a small JSON body, verifying
 * nothing. The same signing clients posting to it show what the load generator and TLS alone
 * cost on this machine, so the gateway's FHIR rate can be read against it. The JDK's own server:
 * nothing here is meant to be fast beyond what the client needs.
 */
final class HttpsEcho implements AutoCloseable {

    private static final byte[] ANSWER = "{\"resourceType\":\"OperationOutcome\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpsServer server;
    private final ExecutorService threads;

    HttpsEcho(Path certs, int threadCount) throws Exception {
        server = HttpsServer.create(new InetSocketAddress(MllpBenchmark.LOOPBACK, 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls(certs)) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setNeedClientAuth(true);
            }
        });
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            exchange.getResponseBody().write(ANSWER);
            exchange.close();
        });
        threads = Executors.newFixedThreadPool(threadCount, task -> new Thread(task, "https-echo"));
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static SSLContext tls(Path certs) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.resolve(DevCertificates.GATEWAY + ".p12"))) {
            keys.load(in, DevCertificates.DEV_PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, DevCertificates.DEV_PASSWORD.toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("dev-ca", Pem.readCertificate(certs.resolve(DevCertificates.CA + ".crt")));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
