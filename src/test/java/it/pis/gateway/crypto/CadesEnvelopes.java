package it.pis.gateway.crypto;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * Opens an enveloping CAdES signature as a recipient would, with BouncyCastle: exactly one signer,
 * its certificate carried in the signature, the signature valid over the signed attributes and the
 * content, the certificate issued by {@code trustedCa}; returns the signed content and who signed.
 */
public final class CadesEnvelopes {

    /** What a verified signature holds. */
    public record Opened(byte[] content, X509Certificate signer, AttributeTable signedAttributes,
                         ASN1ObjectIdentifier digestAlgorithm, List<X509Certificate> certificates) {
    }

    private CadesEnvelopes() {
    }

    /** @throws AssertionError naming what does not verify */
    public static Opened verify(byte[] p7m, X509Certificate trustedCa) {
        try {
            CMSSignedData signed = new CMSSignedData(p7m);
            Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                throw new AssertionError("expected one signer, found " + signers.size());
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(signer.getSID());
            if (matches.size() != 1) {
                throw new AssertionError("the signer's certificate is not in the signature");
            }
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            X509Certificate certificate = converter.getCertificate(matches.iterator().next());
            boolean valid;
            try {
                valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
            } catch (org.bouncycastle.cms.CMSException e) {
                throw new AssertionError("the signature does not verify: " + e.getMessage(), e);
            }
            if (!valid) {
                throw new AssertionError("the signature does not verify");
            }
            certificate.verify(trustedCa.getPublicKey());
            certificate.checkValidity();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> all = signed.getCertificates().getMatches(null);
            List<X509Certificate> certificates = all.stream().map(h -> {
                try {
                    return converter.getCertificate(h);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
            return new Opened((byte[]) signed.getSignedContent().getContent(), certificate, signer.getSignedAttributes(),
                    signer.getDigestAlgorithmID().getAlgorithm(), certificates);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("not a valid CAdES signature: " + e, e);
        }
    }
}
