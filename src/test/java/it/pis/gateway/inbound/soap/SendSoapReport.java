package it.pis.gateway.inbound.soap;

import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.it.PartnerClient;

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
        HttpClient http = HttpClient.newBuilder().sslContext(PartnerClient.sslContext(certs, keys)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(args[0]))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .header("SOAPAction", "\"urn:it:pis:gateway:segnalazioni:v1:SubmitReport\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("messageId " + messageId + " -> HTTP " + response.statusCode());
        System.out.println(response.body());
    }
}
