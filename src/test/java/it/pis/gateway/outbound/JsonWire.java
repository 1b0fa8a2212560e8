package it.pis.gateway.outbound;

import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.Recipient;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * All the text a recipient can read in what the json-handover and json-placement renderers made:
 * the CMS envelope opened with the recipient's private key (BouncyCastle's CMS parser, not the
 * gateway's CmsDecryption), the JSON parsed, every value collected (strings, numbers, booleans),
 * and every attachment's base64 {@code data} decoded and read as UTF-8 text.
 */
public final class JsonWire {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private JsonWire() {
    }

    /**
     * @param rendered     the rendered bytes: JSON, or DER CMS (EnvelopedData or AuthEnvelopedData)
     * @param recipientKey the recipient's private key, needed only when {@code rendered} is CMS
     */
    public static List<String> text(byte[] rendered, PrivateKey recipientKey) throws Exception {
        List<String> text = new ArrayList<>();
        collect(JSON.readTree(json(rendered, recipientKey)), false, text);
        return text;
    }

    /** The JSON inside: {@code rendered} itself, or the CMS content decrypted with {@code recipientKey}. */
    public static byte[] json(byte[] rendered, PrivateKey recipientKey) throws Exception {
        if (rendered.length == 0 || rendered[0] != 0x30) {
            return rendered;
        }
        if (recipientKey == null) {
            throw new IllegalArgumentException("the content is CMS: the recipient's private key is needed to read it");
        }
        ContentInfo info = ContentInfo.getInstance(rendered);
        Collection<RecipientInformation> recipients;
        Recipient recipient;
        if (CMSObjectIdentifiers.authEnvelopedData.equals(info.getContentType())) {
            recipients = new CMSAuthEnvelopedData(info).getRecipientInfos().getRecipients();
            recipient = new JceKeyTransAuthEnvelopedRecipient(recipientKey).setProvider(BC);
        } else {
            recipients = new CMSEnvelopedData(info).getRecipientInfos().getRecipients();
            recipient = new JceKeyTransEnvelopedRecipient(recipientKey).setProvider(BC);
        }
        Exception last = null;
        for (RecipientInformation candidate : recipients) {
            try {
                return candidate.getContent(recipient);
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalArgumentException("no recipient of the CMS envelope opens with the key given", last);
    }

    private static void collect(JsonNode node, boolean inAttachment, List<String> text) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (inAttachment && field.getKey().equals("data") && field.getValue().isString()) {
                    text.add(new String(Base64.getDecoder().decode(field.getValue().asString()), StandardCharsets.UTF_8));
                } else {
                    collect(field.getValue(), field.getKey().equals("attachments"), text);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, inAttachment, text);
            }
        } else if (!node.isNull()) {
            text.add(node.asString());
        }
    }
}
