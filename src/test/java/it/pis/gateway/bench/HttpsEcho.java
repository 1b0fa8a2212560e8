package it.pis.gateway.bench;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.it.PartnerClient;

import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        // the partner's TLS set-up, with the gateway's keys: trusts only the development CA
        SSLContext tls = PartnerClient.sslContext(certs,
                PartnerClient.loadPkcs12(certs.resolve(DevCertificates.GATEWAY + ".p12")));
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
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

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
