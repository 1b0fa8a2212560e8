package it.pis.gateway.outbound.soap;

import it.pis.gateway.crypto.GatewayKeys;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSPasswordCallback;
import org.apache.wss4j.dom.WSConstants;

import javax.security.auth.callback.CallbackHandler;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * How CXF's WSS4JOutInterceptor signs a handover for the police, as AgID ModI ID_AUTH_SOAP_01 wants
 * it: a wsu:Timestamp (Created now, Expires after {@code pis.outbound.soap.timestamp-ttl}), a
 * BinarySecurityToken with the gateway's certificate (direct reference) and one XML signature with
 * the gateway's key over soap:Body, the Timestamp and the WS-Addressing MessageID, To and Action:
 * RSA-SHA256 (ECDSA-SHA256 for an EC key), SHA-256 digests, exclusive canonicalisation.
 *
 * <p>The key is given to WSS4J as a {@link Merlin} crypto over an in-memory key store; no key store
 * holding the private key is ever written to disk.
 */
final class GatewaySignature {

    static final String ALIAS = "gateway";
    private static final String CRYPTO = "pis.gatewaySignatureCrypto";

    private GatewaySignature() {
    }

    /** The WSS4JOutInterceptor properties. */
    static Map<String, Object> properties(GatewayKeys keys, Duration timestampTtl) {
        char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
        Merlin crypto = new Merlin();
        crypto.setKeyStore(keys.keyStore(password));
        String passwordText = new String(password);
        Map<String, Object> p = new HashMap<>();
        p.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
        p.put(ConfigurationConstants.SIGNATURE_USER, ALIAS);
        p.put(ConfigurationConstants.SIG_PROP_REF_ID, CRYPTO);
        p.put(CRYPTO, crypto);
        p.put(ConfigurationConstants.PW_CALLBACK_REF, (CallbackHandler) callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof WSPasswordCallback pc && ALIAS.equals(pc.getIdentifier())) {
                    pc.setPassword(passwordText);
                }
            }
        });
        p.put(ConfigurationConstants.SIG_KEY_ID, "DirectReference");
        p.put(ConfigurationConstants.SIG_ALGO, signatureAlgorithm(keys));
        p.put(ConfigurationConstants.SIG_DIGEST_ALGO, WSConstants.SHA256);
        p.put(ConfigurationConstants.SIG_C14N_ALGO, WSConstants.C14N_EXCL_OMIT_COMMENTS);
        p.put(ConfigurationConstants.SIGNATURE_PARTS, String.join(";",
                part(InterventiContract.SOAP11, "Body"),
                part(WSConstants.WSU_NS, "Timestamp"),
                part(InterventiContract.WSA, "MessageID"),
                part(InterventiContract.WSA, "To"),
                part(InterventiContract.WSA, "Action")));
        p.put(ConfigurationConstants.TTL_TIMESTAMP, String.valueOf(timestampTtl.toSeconds()));
        p.put(ConfigurationConstants.MUST_UNDERSTAND, "true");
        return p;
    }

    /** RSA-SHA256 or ECDSA-SHA256, by the gateway's key; any other key cannot sign for ModI. */
    static String signatureAlgorithm(GatewayKeys keys) {
        String algorithm = keys.privateKey().getAlgorithm();
        if ("RSA".equals(algorithm)) {
            int bits = ((RSAKey) keys.privateKey()).getModulus().bitLength();
            if (bits < 2048) {
                throw new IllegalStateException("the gateway's RSA key (pis.tls.private-key) has " + bits
                        + " bits: ModI ID_AUTH_SOAP_01 signatures need 2048 or more");
            }
            return WSConstants.RSA_SHA256;
        }
        if ("EC".equals(algorithm)) {
            return WSConstants.ECDSA_SHA256;
        }
        throw new IllegalStateException("the gateway's key (pis.tls.private-key) is " + algorithm
                + ": ModI ID_AUTH_SOAP_01 signatures need an RSA (2048 bits or more) or EC key");
    }

    private static String part(String namespace, String localName) {
        return "{Element}{" + namespace + "}" + localName;
    }
}
