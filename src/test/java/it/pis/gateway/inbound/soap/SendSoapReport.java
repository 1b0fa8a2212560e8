package it.pis.gateway.inbound.soap;

import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.UUID;

/**
 * Sends one sample SubmitReport to a running gateway as a police partner would: signed with
 * WS-Security (Timestamp + X.509 signature over Body and Timestamp) with the partner's key, over
 * mutual TLS with the same key. For the README and for onboarding a partner:
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=it.pis.gateway.inbound.soap.SendSoapReport \
 *   -Dexec.args="https://localhost:8443/soap/segnalazioni certs questura-milano QUESTURA-MI"
 * </pre>
 * Arguments: endpoint, certs folder (dev-ca.crt and {@code <partner>.p12}, password changeit),
 * partner id (the p12's alias), sender organisation, optional message id (resend with the same id
 * to see the duplicate answer).
 */
public final class SendSoapReport {

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SendSoapReport <endpoint> <certs-dir> <partner-id> <organization> [message-id]");
            System.exit(2);
        }
        Path certs = Path.of(args[1]);
        String partner = args[2];
        String messageId = args.length > 4 ? args[4] : "QMI-" + UUID.randomUUID();
        KeyStore keys = SignedEnvelopes.keyStore(certs.resolve(partner + ".p12"), "PKCS12", DevCertificates.DEV_PASSWORD);
        byte[] envelope = SignedEnvelopes.sign(SignedEnvelopes.request(messageId, args[3]), keys, partner,
                DevCertificates.DEV_PASSWORD);
        HttpClient http = HttpClient.newBuilder().sslContext(tls(certs, keys)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(args[0]))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"urn:it:pis:gateway:segnalazioni:v1:SubmitReport\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("messageId " + messageId + " -> HTTP " + response.statusCode());
        System.out.println(response.body());
    }

    private static SSLContext tls(Path certs, KeyStore keys) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("dev-ca", Pem.readCertificate(certs.resolve(DevCertificates.CA + ".crt")));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, DevCertificates.DEV_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
