package it.pis.gateway.crypto;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.Locale;

/**
 * Encrypts documents to a partner's certificate (handovers to anti-violence centres, {@code
 * encrypt: cms}): CMS (RFC 5652) with RSAES-OAEP key transport (SHA-256, MGF1 with SHA-256) and,
 * by default, EnvelopedData with AES-256-CBC; or AuthEnvelopedData (RFC 5083) with AES-256-GCM.
 * Both open with {@code openssl cms -decrypt} (OpenSSL 3; EnvelopedData also with 1.1) and with the
 * gateway's own {@link CmsDecryption}. EnvelopedData is the default because every CMS stack a
 * partner may run opens it (.NET's EnvelopedCms and OpenSSL 1.1 do not open AuthEnvelopedData);
 * the integrity GCM would add is given on the wire by mutual TLS. OAEP, not PKCS#1 v1.5, because
 * v1.5 encryption is open to padding-oracle attacks. Output is DER.
 */
public final class CmsEncryption {

    /** The media type of EnvelopedData (RFC 8551 §3.2.2). */
    public static final String ENVELOPED_DATA = "application/pkcs7-mime; smime-type=enveloped-data";
    /** The media type of AuthEnvelopedData (RFC 8551 §3.2.2). */
    public static final String AUTH_ENVELOPED_DATA = "application/pkcs7-mime; smime-type=authEnveloped-data";

    private static final Provider BC = new BouncyCastleProvider();
    private static final int MIN_RSA_BITS = 2048;
    private static final int KEY_ENCIPHERMENT = 2;

    /** How the content is encrypted; the names are those of {@code pis.outbound.json.cms-content-encryption}. */
    public enum ContentEncryption {
        AES_256_CBC("aes-256-cbc", CMSAlgorithm.AES256_CBC, ENVELOPED_DATA),
        AES_256_GCM("aes-256-gcm", CMSAlgorithm.AES256_GCM, AUTH_ENVELOPED_DATA);

        private final String setting;
        private final ASN1ObjectIdentifier oid;
        private final String mediaType;

        ContentEncryption(String setting, ASN1ObjectIdentifier oid, String mediaType) {
            this.setting = setting;
            this.oid = oid;
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        /** {@code aes-256-cbc} or {@code aes-256-gcm}, case-insensitive. */
        public static ContentEncryption of(String setting) {
            return Arrays.stream(values()).filter(c -> c.setting.equals(setting.strip().toLowerCase(Locale.ROOT)))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("'" + setting
                            + "' is not a CMS content encryption the gateway makes: aes-256-cbc or aes-256-gcm"));
        }
    }

    /** The DER bytes and their media type. */
    public record Encrypted(String mediaType, byte[] der) {
    }

    /** The recipient's certificate cannot be encrypted to, and why (expired, not RSA, not for key encipherment). */
    public static final class UnusableCertificate extends Exception {
        public UnusableCertificate(String reason) {
            super(reason);
        }
    }

    private final ContentEncryption contentEncryption;
    private final Clock clock;

    public CmsEncryption(ContentEncryption contentEncryption, Clock clock) {
        this.contentEncryption = contentEncryption;
        this.clock = clock;
    }

    public ContentEncryption contentEncryption() {
        return contentEncryption;
    }

    /** {@code plain} encrypted to {@code recipient}, which must be valid now, RSA of 2048 bits or more, and for key encipherment. */
    public Encrypted encrypt(byte[] plain, X509Certificate recipient) throws UnusableCertificate {
        check(recipient);
        try {
            JceKeyTransRecipientInfoGenerator keyTransport = new JceKeyTransRecipientInfoGenerator(recipient,
                    new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                                    PSource.PSpecified.DEFAULT))).setProvider(BC);
            OutputEncryptor encryptor = new JceCMSContentEncryptorBuilder(contentEncryption.oid).setProvider(BC).build();
            byte[] der;
            if (contentEncryption == ContentEncryption.AES_256_GCM) {
                CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
                generator.addRecipientInfoGenerator(keyTransport);
                der = generator.generate(new CMSProcessableByteArray(plain), (OutputAEADEncryptor) encryptor)
                        .toASN1Structure().getEncoded(ASN1Encoding.DER);
            } else {
                CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
                generator.addRecipientInfoGenerator(keyTransport);
                der = generator.generate(new CMSProcessableByteArray(plain), encryptor)
                        .toASN1Structure().getEncoded(ASN1Encoding.DER);
            }
            return new Encrypted(contentEncryption.mediaType, der);
        } catch (CMSException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("CMS encryption to '" + subject(recipient) + "' failed: " + e.getMessage(), e);
        }
    }

    private void check(X509Certificate recipient) throws UnusableCertificate {
        try {
            recipient.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            throw new UnusableCertificate("certificate '" + subject(recipient) + "' expired on "
                    + recipient.getNotAfter().toInstant() + ": ask the partner for its current certificate");
        } catch (CertificateNotYetValidException e) {
            throw new UnusableCertificate("certificate '" + subject(recipient) + "' is not valid before "
                    + recipient.getNotBefore().toInstant());
        }
        if (!(recipient.getPublicKey() instanceof RSAPublicKey rsa)) {
            throw new UnusableCertificate("certificate '" + subject(recipient) + "' has a "
                    + recipient.getPublicKey().getAlgorithm() + " key: the gateway encrypts with RSA key transport only");
        }
        if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new UnusableCertificate("certificate '" + subject(recipient) + "' has an RSA key of "
                    + rsa.getModulus().bitLength() + " bits: at least " + MIN_RSA_BITS + " are required");
        }
        boolean[] usage = recipient.getKeyUsage();
        if (usage != null && !usage[KEY_ENCIPHERMENT]) {
            throw new UnusableCertificate("certificate '" + subject(recipient) + "' is not for key encipherment"
                    + " (its key usage): the partner must give a certificate it can decrypt with");
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
