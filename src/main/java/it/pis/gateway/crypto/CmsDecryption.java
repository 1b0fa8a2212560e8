package it.pis.gateway.crypto;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.Base64;
import java.util.stream.Collectors;

/**
 * Opens bodies that partners encrypt to the gateway's certificate (anti-violence centres): CMS
 * EnvelopedData (RFC 5652; e.g. RSA or RSA-OAEP key transport + AES-CBC or AES-GCM) or
 * AuthEnvelopedData (RFC 5083, what {@code openssl cms -encrypt -aes-256-gcm} makes), DER or PEM
 * ({@code -----BEGIN CMS-----}). Only a recipient entry for the gateway's own certificate is tried;
 * every failure says why (not CMS, not for the gateway, damaged), never which byte was wrong.
 */
public final class CmsDecryption {

    /** A body that could not be decrypted, with the reason for the partner. */
    public static final class Undecryptable extends Exception {
        public Undecryptable(String reason) {
            super(reason);
        }
    }

    private static final Provider BC = new BouncyCastleProvider();

    private final GatewayKeys keys;
    private final RecipientId gateway;

    public CmsDecryption(GatewayKeys keys) {
        this.keys = keys;
        try {
            this.gateway = new JceKeyTransRecipientId(keys.certificate());
        } catch (RuntimeException e) {
            throw new IllegalStateException("the gateway certificate cannot be a CMS recipient", e);
        }
    }

    /** The plaintext of a CMS (Auth)EnvelopedData addressed to the gateway's certificate. */
    public byte[] decrypt(byte[] body) throws Undecryptable {
        byte[] der = der(body);
        ContentInfo info;
        try {
            info = ContentInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new Undecryptable("the body is not a CMS structure (DER or PEM ContentInfo): " + e.getMessage());
        }
        ASN1ObjectIdentifier type = info.getContentType();
        try {
            if (CMSObjectIdentifiers.envelopedData.equals(type)) {
                CMSEnvelopedData enveloped = new CMSEnvelopedData(info);
                return recipient(enveloped.getRecipientInfos())
                        .getContent(new JceKeyTransEnvelopedRecipient(keys.privateKey()).setProvider(BC));
            }
            if (CMSObjectIdentifiers.authEnvelopedData.equals(type)) {
                CMSAuthEnvelopedData enveloped = new CMSAuthEnvelopedData(info);
                return recipient(enveloped.getRecipientInfos())
                        .getContent(new JceKeyTransAuthEnvelopedRecipient(keys.privateKey()).setProvider(BC));
            }
        } catch (CMSException | RuntimeException e) {
            throw new Undecryptable("the CMS body addressed to the gateway cannot be decrypted (damaged, or an"
                    + " algorithm the gateway does not support): " + rootMessage(e));
        }
        throw new Undecryptable("the CMS body is " + type.getId() + ", not EnvelopedData (1.2.840.113549.1.7.3)"
                + " or AuthEnvelopedData (1.2.840.113549.1.9.16.1.23)");
    }

    private RecipientInformation recipient(RecipientInformationStore recipients) throws Undecryptable {
        RecipientInformation mine = recipients.get(gateway);
        if (mine == null) {
            String others = recipients.getRecipients().stream().map(r -> describe(r.getRID()))
                    .collect(Collectors.joining("; "));
            throw new Undecryptable("the body is not encrypted to the gateway's certificate ('"
                    + keys.certificate().getSubjectX500Principal().getName() + "', serial "
                    + keys.certificate().getSerialNumber().toString(16) + "); its recipients are: "
                    + (others.isEmpty() ? "none" : others));
        }
        return mine;
    }

    private static String describe(RecipientId id) {
        if (id instanceof KeyTransRecipientId key && key.getIssuer() != null) {
            return "issuer '" + key.getIssuer() + "' serial " + key.getSerialNumber().toString(16);
        }
        return "a recipient of type " + id.getType() + " the gateway does not use";
    }

    /** DER as is; PEM (-----BEGIN CMS/PKCS7-----) or bare base64 decoded. */
    private static byte[] der(byte[] body) throws Undecryptable {
        if (body.length > 0 && body[0] == 0x30) {
            return body;
        }
        String text = new String(body, StandardCharsets.US_ASCII).strip();
        if (text.startsWith("-----BEGIN")) {
            text = text.replaceAll("-----(BEGIN|END)[^-]*-----", "");
        }
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new Undecryptable("the body is neither DER nor base64/PEM CMS");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
