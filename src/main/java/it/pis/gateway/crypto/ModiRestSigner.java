package it.pis.gateway.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * AgID ModI INTEGRITY_REST_01 for a REST request the gateway sends: the body's {@code Digest}
 * ({@code SHA-256=<base64>}) and an {@code Agid-JWT-Signature} JWS signed with the gateway's key
 * that binds it. The JWS carries {@code x5c} (the gateway's certificate), {@code iss} and
 * {@code sub} (the centre), {@code aud} (the URL the request goes to), {@code iat}, {@code nbf},
 * {@code exp} ({@code iat} + lifetime), a fresh {@code jti}, and {@code signed_headers}
 * {@code [{"digest": …}, {"content-type": …}]}: what {@link ModiRestIntegrity} checks on the way in.
 *
 * <p>Sign each attempt anew: receivers refuse a {@code jti} they have seen, and an old {@code iat}.
 * RSA keys sign RS256, EC keys ES256/384/512 by their curve.
 */
public final class ModiRestSigner {

    public static final String DIGEST = "Digest";
    public static final String SIGNATURE = "Agid-JWT-Signature";

    /** The two headers of one signed request, and the JWS id used. */
    public record Signed(String digest, String signature, String jti, Instant issuedAt, Instant expiresAt) {

        /** {@code Digest} and {@code Agid-JWT-Signature}, to add to the request. */
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(DIGEST, digest);
            headers.put(SIGNATURE, signature);
            return headers;
        }
    }

    private final List<Base64> x5c;
    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param issuer   {@code iss} and {@code sub}: who the centre is for the partner ({@code pis.modi.issuer})
     * @param lifetime how long a signature is valid after it is made ({@code pis.modi.signature-lifetime})
     */
    public ModiRestSigner(GatewayKeys keys, String issuer, Duration lifetime, Clock clock) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("pis.modi.issuer is empty: the JWS needs iss/sub naming the centre");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("pis.modi.signature-lifetime must be positive, not " + lifetime);
        }
        try {
            this.x5c = List.of(Base64.encode(keys.certificate().getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the gateway's certificate cannot be encoded for x5c", e);
        }
        PrivateKey key = keys.privateKey();
        try {
            if (key instanceof RSAPrivateKey rsa) {
                this.signer = new RSASSASigner(rsa);
                this.algorithm = JWSAlgorithm.RS256;
            } else if (key instanceof ECPrivateKey ec) {
                this.signer = new ECDSASigner(ec);
                this.algorithm = ecAlgorithm(Curve.forECParameterSpec(ec.getParams()));
            } else {
                throw new IllegalArgumentException("the gateway's key is " + key.getAlgorithm()
                        + "; ModI signatures need an RSA or EC key (pis.tls.private-key)");
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the gateway's key cannot sign a JWS: " + e.getMessage(), e);
        }
        this.issuer = issuer.strip();
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /**
     * Signs one request now.
     *
     * @param body        the exact bytes that will be sent
     * @param contentType the request's {@code Content-Type} header, exactly as it will be sent
     * @param audience    the URL the request goes to ({@code aud})
     */
    public Signed sign(byte[] body, String contentType, String audience) {
        String digest = ModiRestIntegrity.digestHeader(body);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(lifetime);
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(issuer)
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(jti)
                .claim("signed_headers", List.of(Map.of("digest", digest), Map.of("content-type", contentType)))
                .build();
        JWSHeader header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).x509CertChain(x5c).build();
        SignedJWT jws = new SignedJWT(header, claims);
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the ModI JWS with the gateway's key: " + e.getMessage(), e);
        }
        return new Signed(digest, jws.serialize(), jti, now, expires);
    }

    private static JWSAlgorithm ecAlgorithm(Curve curve) {
        if (Curve.P_256.equals(curve)) {
            return JWSAlgorithm.ES256;
        }
        if (Curve.P_384.equals(curve)) {
            return JWSAlgorithm.ES384;
        }
        if (Curve.P_521.equals(curve)) {
            return JWSAlgorithm.ES512;
        }
        throw new IllegalArgumentException("the gateway's EC key is on curve " + curve
                + "; JWS signs with P-256, P-384 or P-521 only");
    }
}
