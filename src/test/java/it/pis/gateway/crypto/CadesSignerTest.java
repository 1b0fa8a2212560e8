package it.pis.gateway.crypto;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.enumerations.CertificateRefOrigin;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's CAdES-BES, checked by three independent verifiers: BouncyCastle, OpenSSL and EU DSS. */
class CadesSignerTest {

    static final DevCertificates.Issued CA = DevCertificates.newCa("Test CA", Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(30)));
    static final DevCertificates.Issued GATEWAY = DevCertificates.issue(CA, "gateway",
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), true);
    static final byte[] CONTENT = "%PDF-1.7 documento di sintesi: perché, città, ’".getBytes(StandardCharsets.UTF_8);

    final CadesSigner signer = new CadesSigner(GATEWAY.key(), GATEWAY.certificate(), List.of(CA.certificate()));

    @Test
    void bouncyCastleVerifiesTheSignatureAndFindsEveryCadesBesAttribute() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        CadesEnvelopes.Opened opened = CadesEnvelopes.verify(signer.sign(CONTENT), CA.certificate());

        assertThat(opened.content()).isEqualTo(CONTENT);
        assertThat(opened.signer()).isEqualTo(GATEWAY.certificate());
        assertThat(opened.digestAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(opened.certificates()).containsExactlyInAnyOrder(GATEWAY.certificate(), CA.certificate());
        assertThat(value(opened, CMSAttributes.contentType).toString()).isEqualTo(PKCSObjectIdentifiers.data.getId());
        assertThat(value(opened, CMSAttributes.messageDigest)).isNotNull();
        Instant signingTime = org.bouncycastle.asn1.cms.Time.getInstance(value(opened, CMSAttributes.signingTime))
                .getDate().toInstant();
        assertThat(signingTime).isBetween(before, Instant.now().plusSeconds(1));
        SigningCertificateV2 essV2 = SigningCertificateV2.getInstance(value(opened,
                PKCSObjectIdentifiers.id_aa_signingCertificateV2));
        assertThat(essV2.getCerts()[0].getCertHash()).isEqualTo(MessageDigest.getInstance("SHA-256")
                .digest(GATEWAY.certificate().getEncoded()));
        assertThat(essV2.getCerts()[0].getIssuerSerial().getSerial().getValue())
                .isEqualTo(GATEWAY.certificate().getSerialNumber());
    }

    @Test
    void theContentIsEnvelopedAndTheFileIsDer() throws Exception {
        byte[] p7m = signer.sign(CONTENT);
        CMSSignedData signed = new CMSSignedData(p7m);

        assertThat(signed.isDetachedSignature()).isFalse();
        assertThat(signed.getEncoded("DER")).isEqualTo(p7m);
    }

    @Test
    void aChangedByteBreaksTheSignature() {
        byte[] p7m = signer.sign(CONTENT);
        int at = indexOf(p7m, "perch".getBytes(StandardCharsets.UTF_8));
        p7m[at] = 'P';

        assertThatThrownBy(() -> CadesEnvelopes.verify(p7m, CA.certificate())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void opensslCmsVerifyAcceptsItWithTheCaAndGivesBackTheContent(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("documento.pdf.p7m"), signer.sign(CONTENT));
        Pem.writeCertificate(dir.resolve("ca.crt"), CA.certificate());

        Process openssl = new ProcessBuilder("openssl", "cms", "-verify", "-inform", "DER", "-in", "documento.pdf.p7m",
                "-CAfile", "ca.crt", "-out", "documento.pdf").directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(openssl.exitValue()).as(output).isZero();
        assertThat(output).contains("Verification successful");
        assertThat(Files.readAllBytes(dir.resolve("documento.pdf"))).isEqualTo(CONTENT);
    }

    @Test
    void opensslRefusesItAgainstAnotherCa(@TempDir Path dir) throws Exception {
        DevCertificates.Issued other = DevCertificates.newCa("Other CA", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        Files.write(dir.resolve("documento.pdf.p7m"), signer.sign(CONTENT));
        Pem.writeCertificate(dir.resolve("other.crt"), other.certificate());

        Process openssl = new ProcessBuilder("openssl", "cms", "-verify", "-inform", "DER", "-in", "documento.pdf.p7m",
                "-CAfile", "other.crt", "-out", "documento.pdf").directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(openssl.exitValue()).as(output).isNotZero();
    }

    @Test
    void dssFindsAnIntactCadesBaselineBWithSigningCertificateV2AndSha256() {
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(CA.certificate()));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(signer.sign(CONTENT)));
        validator.setCertificateVerifier(verifier);

        Reports reports = validator.validateDocument();
        DiagnosticData diagnostic = reports.getDiagnosticData();
        SignatureWrapper signature = diagnostic.getSignatures().get(0);

        assertThat(diagnostic.getSignatures()).hasSize(1);
        assertThat(signature.getSignatureFormat()).isEqualTo(SignatureLevel.CAdES_BASELINE_B);
        assertThat(signature.isSignatureIntact()).isTrue();
        assertThat(signature.isSignatureValid()).isTrue();
        assertThat(signature.isBLevelTechnicallyValid()).isTrue();
        assertThat(signature.getDigestAlgorithm()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(signature.getSigningCertificateReference().getOrigin()).isEqualTo(CertificateRefOrigin.SIGNING_CERTIFICATE);
        assertThat(signature.getSigningCertificateReference().getDigestMethod()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(signature.getSigningCertificateReference().isDigestValueMatch()).isTrue();
        assertThat(signature.getSigningCertificateReference().isIssuerSerialMatch()).isTrue();
        assertThat(signature.getSigningCertificate().getCertificateDN()).contains("CN=gateway");
        assertThat(signature.getCertificateChain()).extracting(c -> c.getCertificateDN())
                .anySatisfy(dn -> assertThat(dn).contains("CN=Test CA"));
        assertThat(signature.getClaimedSigningTime()).isNotNull();
    }

    @Test
    void theChainStopsAtTheCertificateWhenNoTrustedCaIssuedIt() {
        assertThat(CadesSigner.chain(GATEWAY.certificate(), List.of())).containsExactly(GATEWAY.certificate());
        assertThat(CadesSigner.chain(GATEWAY.certificate(), List.of(CA.certificate())))
                .containsExactly(GATEWAY.certificate(), CA.certificate());
    }

    private static ASN1Encodable value(CadesEnvelopes.Opened opened, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        Attribute attribute = opened.signedAttributes().get(type);
        assertThat(attribute).as("signed attribute " + type).isNotNull();
        return attribute.getAttrValues().getObjectAt(0);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
