package it.pis.gateway.crypto;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

import javax.crypto.spec.OAEPParameterSpec;
import java.security.Provider;
import java.security.cert.X509Certificate;

/** What a partner does before posting: encrypt a body to a certificate with BouncyCastle's CMS generators. */
public final class CmsEnvelopes {

    private static final Provider BC = new BouncyCastleProvider();

    private CmsEnvelopes() {
    }

    /** EnvelopedData, RSA PKCS#1 v1.5 key transport, AES-256-CBC: what {@code openssl cms -encrypt -aes256} makes. */
    public static byte[] rsaAesCbc(byte[] plain, X509Certificate recipient) throws Exception {
        CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
        generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient).setProvider(BC));
        return generator.generate(new CMSProcessableByteArray(plain),
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(BC).build()).getEncoded();
    }

    /** AuthEnvelopedData, RSA-OAEP key transport, AES-256-GCM (RFC 5083). */
    public static byte[] rsaOaepAesGcm(byte[] plain, X509Certificate recipient) throws Exception {
        CMSAuthEnvelopedDataGenerator generator = new CMSAuthEnvelopedDataGenerator();
        generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient,
                new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                        OAEPParameterSpec.DEFAULT)).setProvider(BC));
        return generator.generate(new CMSProcessableByteArray(plain), (OutputAEADEncryptor)
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM).setProvider(BC).build()).getEncoded();
    }
}
