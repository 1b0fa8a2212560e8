package it.pis.gateway.inbound.soap;

import it.pis.gateway.Corpus;
import it.pis.gateway.crypto.CertificateTrust;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.inbound.InboundRejection.Cause;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static it.pis.gateway.inbound.soap.SignedEnvelopes.Parts;
import static it.pis.gateway.inbound.soap.SignedEnvelopes.request;
import static it.pis.gateway.inbound.soap.SignedEnvelopes.sign;
import static it.pis.gateway.inbound.soap.SignedEnvelopes.wss4j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ModI ID_AUTH_SOAP_01 verification with the WSS4J corpus PKI (CA "Werner", its CRL, and the
 * valid, expired, revoked and bad-CA signers), without Spring: the gateway itself trusts only its
 * own CA, so this is where the corpus CA is trusted.
 */
class WsSecurityCheckTest {

    static Path keys(String name) {
        return Corpus.path("wss/wss4j/keys/" + name);
    }

    final WsSecurityCheck check = check(trusted(), CertificateTrust.readCrls(List.of(keys("wss40CACRL.pem"))));

    static WsSecurityCheck check(List<X509Certificate> trustedCas, List<X509CRL> crls) {
        return new WsSecurityCheck(new CertificateTrust(trustedCas, crls, Clock.systemUTC()), Duration.ofMinutes(5),
                Duration.ofMinutes(1), Clock.systemUTC());
    }

    static List<X509Certificate> trusted() {
        Path ca = keys("wss40CA.pem");
        try {
            return List.of(Pem.readCertificate(ca));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Document envelope(byte[] bytes) throws Exception {
        return SoapIntake.parseSecurely(bytes);
    }

    static byte[] signedBy(String store, String alias) {
        return sign(request("M-1", "QUESTURA-MI"), wss4j(store), alias, "security");
    }

    @Test
    void aValidSignerOverBodyAndTimestampIsReturned() throws Exception {
        X509Certificate signer = check.verify(envelope(signedBy("wss40", "wss40")));
        assertThat(signer.getSubjectX500Principal().getName()).contains("CN=Colm");
    }

    @Test
    void aRevokedSignerIsRefusedAsRevoked() {
        assertThatThrownBy(() -> check.verify(envelope(signedBy("wss40rev", "wss40rev"))))
                .isInstanceOfSatisfying(SecurityRefusal.class, e -> assertThat(e.refusalCause()).isEqualTo(Cause.CERTIFICATE_REFUSED))
                .hasMessageContaining("is revoked");
    }

    @Test
    void anExpiredSignerIsRefusedWithItsExpiryDate() {
        assertThatThrownBy(() -> check.verify(envelope(signedBy("wss40exp", "wss40exp"))))
                .isInstanceOf(SecurityRefusal.class).hasMessageContaining("expired on 2019-04-24");
    }

    @Test
    void aSignerFromAnotherCaIsRefusedAsUntrusted() {
        assertThatThrownBy(() -> check.verify(envelope(signedBy("wss40badca", "wss40expca"))))
                .isInstanceOf(SecurityRefusal.class).hasMessageContaining("signer certificate")
                .hasMessageContaining("not issued by a CA the gateway trusts");
    }

    @Test
    void withCrlsConfiguredASignerWhoseCaHasNoCrlIsRefusedFailClosed() throws Exception {
        DevCertificates.Issued ca = DevCertificates.newCa("other CA", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        DevCertificates.Issued partner = DevCertificates.issue(ca, "partner-without-crl", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), false);
        WsSecurityCheck both = check(List.of(trusted().get(0), ca.certificate()),
                CertificateTrust.readCrls(List.of(keys("wss40CACRL.pem"))));
        byte[] signed = sign(request("M-1", "QUESTURA-MI"), DevCertificates.pkcs12("partner", partner), "partner",
                DevCertificates.DEV_PASSWORD);
        assertThatThrownBy(() -> both.verify(envelope(signed))).isInstanceOf(SecurityRefusal.class)
                .hasMessageContaining("unknown revocation status");
        // the same signer passes when revocation is not configured (the development default)
        WsSecurityCheck noCrls = check(List.of(ca.certificate()), List.of());
        assertThat(noCrls.verify(envelope(signed))).isEqualTo(partner.certificate());
    }

    @Test
    void anExpiredTimestampIsRefusedWithItsDates() {
        byte[] old = sign(request("M-1", "QUESTURA-MI"), wss4j("wss40"), "wss40", "security", Parts.BODY_AND_TIMESTAMP,
                Duration.ofHours(1));
        assertThatThrownBy(() -> check.verify(envelope(old))).isInstanceOf(SecurityRefusal.class)
                .hasMessageContaining("timestamp expired").hasMessageContaining("Created");
    }

    @Test
    void aTimestampFromTheFutureIsRefused() {
        byte[] future = sign(request("M-1", "QUESTURA-MI"), wss4j("wss40"), "wss40", "security", Parts.BODY_AND_TIMESTAMP,
                Duration.ofMinutes(-10));
        assertThatThrownBy(() -> check.verify(envelope(future))).isInstanceOf(SecurityRefusal.class)
                .hasMessageContaining("not yet valid");
    }

    @Test
    void aSignatureThatLeavesTheBodyOutIsRefused() {
        byte[] partial = sign(request("M-1", "QUESTURA-MI"), wss4j("wss40"), "wss40", "security", Parts.TIMESTAMP_ONLY,
                Duration.ZERO);
        assertThatThrownBy(() -> check.verify(envelope(partial))).isInstanceOf(SecurityRefusal.class)
                .hasMessageStartingWith("body not signed");
    }

    @Test
    void aSignatureThatLeavesTheTimestampOutIsRefused() {
        byte[] partial = sign(request("M-1", "QUESTURA-MI"), wss4j("wss40"), "wss40", "security", Parts.BODY_ONLY,
                Duration.ZERO);
        assertThatThrownBy(() -> check.verify(envelope(partial))).isInstanceOf(SecurityRefusal.class)
                .hasMessageStartingWith("timestamp not signed");
    }

    @Test
    void anEnvelopeWithoutSecurityHeaderIsRefusedAsUnsigned() {
        byte[] plain = request("M-1", "QUESTURA-MI").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> check.verify(envelope(plain))).isInstanceOf(SecurityRefusal.class)
                .hasMessageStartingWith("unsigned");
    }

    @Test
    void aBodyChangedAfterSigningIsRefusedAsTampered() {
        String signed = new String(signedBy("wss40", "wss40"), StandardCharsets.UTF_8);
        byte[] tampered = signed.replace("Rossi", "Verdi").getBytes(StandardCharsets.UTF_8);
        assertThat(tampered).isNotEqualTo(signed.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> check.verify(envelope(tampered)))
                .isInstanceOfSatisfying(SecurityRefusal.class, e -> assertThat(e.refusalCause()).isEqualTo(Cause.SIGNATURE_INVALID))
                .hasMessageStartingWith("signature invalid");
    }

    @Test
    void theCorpusEnvelopesSignedForOtherServicesAreRefused() throws Exception {
        for (String name : List.of("signed_x509_issuer_serial.xml", "signed_x509_direct_ref.xml", "signed_invalid.xml",
                "signed_x509_issuer_serial_missing_signed_body.xml", "signed_x509_issuer_serial_missing_signed_header.xml")) {
            byte[] bytes = java.nio.file.Files.readAllBytes(Corpus.path("wss/cxf-rt-ws-security/messages/" + name));
            assertThatThrownBy(() -> check.verify(envelope(bytes))).as(name).isInstanceOf(SecurityRefusal.class);
        }
    }

    @Test
    void sha1SignaturesAreRefusedAsModiRequiresSha256OrStronger() {
        byte[] sha1 = sign(request("M-1", "QUESTURA-MI"), wss4j("wss40"), "wss40", "security", Parts.BODY_AND_TIMESTAMP,
                Duration.ZERO, "http://www.w3.org/2000/09/xmldsig#rsa-sha1", "http://www.w3.org/2000/09/xmldsig#sha1");
        assertThatThrownBy(() -> check.verify(envelope(sha1))).isInstanceOf(SecurityRefusal.class)
                .hasMessageStartingWith("signature algorithm refused: ds:SignatureMethod http://www.w3.org/2000/09/xmldsig#rsa-sha1");
    }
}
