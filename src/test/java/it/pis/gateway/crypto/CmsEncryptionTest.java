package it.pis.gateway.crypto;

import it.pis.gateway.crypto.CmsEncryption.ContentEncryption;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the gateway encrypts to an anti-violence centre opens with the centre's key in OpenSSL (as a
 * process) and in the gateway's own CmsDecryption, and is the CMS structure it claims to be.
 */
class CmsEncryptionTest {

    static final byte[] PLAIN = "{\"summary\":\"Anna, 34 anni, accolta con i due figli in struttura protetta\"}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path certs;
    static X509Certificate cav;
    static DevCertificates.Issued ca;

    @BeforeAll
    static void devPki() throws Exception {
        DevCertificates.ensure(certs, List.of("cav-milano.crt"));
        cav = Pem.readCertificate(certs.resolve("cav-milano.crt"));
        ca = new DevCertificates.Issued(Pem.readCertificate(certs.resolve("dev-ca.crt")),
                Pem.readPrivateKey(certs.resolve("dev-ca.key")), null);
    }

    static CmsEncryption cms(ContentEncryption content) {
        return new CmsEncryption(content, Clock.systemUTC());
    }

    /** The centre's key as the gateway's CmsDecryption would hold it. */
    static CmsDecryption decryptionAsTheCentre() {
        return new CmsDecryption(new GatewayKeys(certs.resolve("cav-milano.crt"), certs.resolve("cav-milano.key"),
                certs.resolve("dev-ca.crt")));
    }

    @ParameterizedTest
    @EnumSource(ContentEncryption.class)
    void opensWithOpensslCmsDecryptAndTheRecipientsKey(ContentEncryption content) throws Exception {
        CmsEncryption.Encrypted encrypted = cms(content).encrypt(PLAIN, cav);

        assertThat(OpenSslCms.decrypt(encrypted.der(), certs.resolve("cav-milano.crt"), certs.resolve("cav-milano.key")))
                .isEqualTo(PLAIN);
    }

    @ParameterizedTest
    @EnumSource(ContentEncryption.class)
    void opensWithTheGatewaysOwnCmsDecryption(ContentEncryption content) throws Exception {
        assertThat(decryptionAsTheCentre().decrypt(cms(content).encrypt(PLAIN, cav).der())).isEqualTo(PLAIN);
    }

    @Test
    void theDefaultIsEnvelopedDataWithAes256CbcAndRsaOaepSha256ToTheRecipientsIssuerAndSerial() throws Exception {
        CmsEncryption.Encrypted encrypted = cms(ContentEncryption.AES_256_CBC).encrypt(PLAIN, cav);
        String printed = OpenSslCms.print(encrypted.der());

        assertThat(encrypted.mediaType()).isEqualTo("application/pkcs7-mime; smime-type=enveloped-data");
        assertThat(printed).contains("contentType: pkcs7-envelopedData")
                .contains("issuer: CN=PIS gateway development CA")
                .contains("serialNumber: " + cav.getSerialNumber())
                .contains("algorithm: rsaesOaep").contains("OBJECT            :sha256")
                .contains("OBJECT            :mgf1").contains("algorithm: aes-256-cbc");
    }

    @Test
    void gcmIsAuthEnvelopedDataWithItsOwnMediaType() throws Exception {
        CmsEncryption.Encrypted encrypted = cms(ContentEncryption.AES_256_GCM).encrypt(PLAIN, cav);

        assertThat(encrypted.mediaType()).isEqualTo("application/pkcs7-mime; smime-type=authEnveloped-data");
        assertThat(OpenSslCms.print(encrypted.der())).contains("contentType: id-smime-ct-authEnvelopedData")
                .contains("algorithm: aes-256-gcm");
    }

    @Test
    void theOutputIsDer() throws Exception {
        byte[] der = cms(ContentEncryption.AES_256_CBC).encrypt(PLAIN, cav).der();
        assertThat(ASN1Primitive.fromByteArray(der).getEncoded(ASN1Encoding.DER)).isEqualTo(der);
    }

    @Test
    void namesTheSettingsInItsOwnWords() {
        assertThat(ContentEncryption.of(" AES-256-GCM ")).isEqualTo(ContentEncryption.AES_256_GCM);
        assertThatThrownBy(() -> ContentEncryption.of("3des")).hasMessageContaining("aes-256-cbc or aes-256-gcm");
    }

    @Test
    void refusesAnExpiredCertificateSayingWhen() {
        Clock later = Clock.fixed(cav.getNotAfter().toInstant().plus(Duration.ofDays(1)), ZoneOffset.UTC);
        assertThatThrownBy(() -> new CmsEncryption(ContentEncryption.AES_256_CBC, later).encrypt(PLAIN, cav))
                .isInstanceOf(CmsEncryption.UnusableCertificate.class)
                .hasMessageContaining("expired on " + cav.getNotAfter().toInstant());
    }

    @Test
    void refusesACertificateNotForKeyEnciphermentOrWithoutRsa() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        X509Certificate signingOnly = certificate(rsa.generateKeyPair().getPublic(), KeyUsage.digitalSignature);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        X509Certificate ecKey = certificate(ec.generateKeyPair().getPublic(), KeyUsage.keyAgreement);

        assertThatThrownBy(() -> cms(ContentEncryption.AES_256_CBC).encrypt(PLAIN, signingOnly))
                .isInstanceOf(CmsEncryption.UnusableCertificate.class).hasMessageContaining("not for key encipherment");
        assertThatThrownBy(() -> cms(ContentEncryption.AES_256_CBC).encrypt(PLAIN, ecKey))
                .isInstanceOf(CmsEncryption.UnusableCertificate.class).hasMessageContaining("has a EC key");
    }

    private static X509Certificate certificate(PublicKey key, int usage) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(ca.certificate(), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=odd recipient,O=PIS gateway,C=IT"), key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.key())));
    }
}
