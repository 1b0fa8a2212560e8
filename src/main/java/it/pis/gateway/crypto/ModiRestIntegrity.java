package it.pis.gateway.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.crypto.ModiRefused.Reason;
import org.springframework.dao.DataAccessException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AgID ModI INTEGRITY_REST_01 on a REST request (FHIR, JSON): the body's digest in the
 * {@code Digest} header, and a JWS in {@code Agid-JWT-Signature} signed with the partner's key
 * that binds that digest. Usable by every REST channel: it sees only the agreement, the request
 * headers (names lower-case) and the body bytes as received.
 *
 * <p>What is checked, in order, each failure naming what to fix:
 * <ol>
 * <li>{@code Digest} is present, names SHA-256 or SHA-512 ({@code SHA-256=<base64>}; several
 *     comma-separated values are all checked) and matches the body bytes exactly.</li>
 * <li>{@code Agid-JWT-Signature} is a compact JWS with an asymmetric algorithm (RS/PS/ES; never
 *     {@code none} or HMAC) and an {@code x5c} header whose leaf is <em>exactly</em> the
 *     certificate the agreement names for this channel, valid now and issued by a trusted CA
 *     ({@link CertificateTrust#verify}); the signature verifies with that certificate's key.</li>
 * <li>Freshness: {@code iat} and {@code exp} are required; {@code iat} may not be in the future
 *     nor older than {@code maxAge}, {@code exp} (and {@code nbf} when present) must hold now, each
 *     with {@code clockSkew} of allowance for partners' clocks.</li>
 * <li>{@code signed_headers} is <b>required</b> and must contain the {@code digest} exactly as
 *     sent: a JWS that does not bind the digest says nothing about the body, and the pattern would
 *     protect nothing. Every other header it lists ({@code content-type} typically) must equal the
 *     request's header of that name.</li>
 * <li>{@code jti} is required and used once per partner ({@link ReplayGuard}): a replayed
 *     JWS is refused even when the body is the same. A partner that retries signs again (new
 *     {@code jti}, new {@code iat}); the retry then gets the first answer through idempotency.</li>
 * </ol>
 * Not checked: {@code aud} (the gateway does not know the public URL partners see behind a proxy)
 * and {@code iss}/{@code sub} (the certificate already says who signed).
 */
public class ModiRestIntegrity {

    public static final String DIGEST = "digest";
    public static final String SIGNATURE = "agid-jwt-signature";
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final int MAX_JTI = 128;

    private final PartnerCertificates certificates;
    private final CertificateTrust trust;
    private final ReplayGuard replays;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration clockSkew;

    public ModiRestIntegrity(PartnerCertificates certificates, CertificateTrust trust, ReplayGuard replays,
                             Clock clock, Duration maxAge, Duration clockSkew) {
        this.certificates = certificates;
        this.trust = trust;
        this.replays = replays;
        this.clock = clock;
        this.maxAge = maxAge;
        this.clockSkew = clockSkew;
    }

    /**
     * Checks the request; returns the JWS id it used.
     *
     * @param headers request headers, names lower-case
     * @throws ModiRefused with the reason and what failed
     */
    public String verify(Agreement agreement, String channel, Map<String, String> headers, byte[] body)
            throws ModiRefused {
        String digest = headers.get(DIGEST);
        checkDigest(digest, body);
        String compact = headers.get(SIGNATURE);
        if (compact == null || compact.isBlank()) {
            throw invalid("missing Agid-JWT-Signature header (ModI INTEGRITY_REST_01: a JWS signed with the"
                    + " partner's key, x5c with its certificate, signed_headers with the digest)");
        }
        SignedJWT jws;
        JWTClaimsSet claims;
        try {
            jws = SignedJWT.parse(compact.strip());
            claims = jws.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("Agid-JWT-Signature is not a compact JWS with a JSON claims set: " + e.getMessage());
        }
        if (!ALGORITHMS.contains(jws.getHeader().getAlgorithm())) {
            throw invalid("Agid-JWT-Signature algorithm " + jws.getHeader().getAlgorithm()
                    + " is not allowed (RS256/384/512, PS256/384/512, ES256/384/512)");
        }
        X509Certificate signer = signer(agreement, channel, jws.getHeader().getX509CertChain());
        checkSignature(jws, signer);
        Instant forgetAfter = checkFreshness(claims);
        checkSignedHeaders(claims, headers, digest);
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank() || jti.length() > MAX_JTI) {
            throw invalid("Agid-JWT-Signature has no jti (or one longer than " + MAX_JTI
                    + " characters): every signature needs a unique id, so that a replay can be told");
        }
        try {
            if (!replays.firstUse(agreement.id(), jti, forgetAfter)) {
                throw new ModiRefused(Reason.REPLAYED, "replayed Agid-JWT-Signature: jti '" + jti
                        + "' was already used by " + agreement.id() + "; sign every request anew (new jti)");
            }
        } catch (DataAccessException e) {
            throw new ModiRefused(Reason.STORE_UNAVAILABLE, "the signature replay store is unavailable, the"
                    + " message was NOT stored, please resend with a new signature", e);
        }
        return jti;
    }

    private static void checkDigest(String header, byte[] body) throws ModiRefused {
        if (header == null || header.isBlank()) {
            throw invalid("missing Digest header (ModI INTEGRITY_REST_01: Digest: SHA-256=<base64 of the body's SHA-256>)");
        }
        int checked = 0;
        for (String value : header.split(",")) {
            String v = value.strip();
            int eq = v.indexOf('=');
            String algorithm = eq < 0 ? v : v.substring(0, eq).strip().toUpperCase(Locale.ROOT);
            String jca = switch (algorithm) {
                case "SHA-256" -> "SHA-256";
                case "SHA-512" -> "SHA-512";
                default -> null;
            };
            if (jca == null) {
                continue;
            }
            String expected = java.util.Base64.getEncoder().encodeToString(sha(jca, body));
            if (!expected.equals(v.substring(eq + 1).strip())) {
                throw invalid("Digest " + algorithm + " does not match the body as received (" + body.length
                        + " bytes): the body was changed, or the digest was computed on other bytes");
            }
            checked++;
        }
        if (checked == 0) {
            throw invalid("Digest header '" + header + "' names no SHA-256 or SHA-512 value (SHA-256=<base64>)");
        }
    }

    private X509Certificate signer(Agreement agreement, String channel, List<Base64> x5c) throws ModiRefused {
        if (x5c == null || x5c.isEmpty()) {
            throw invalid("Agid-JWT-Signature has no x5c header: it must carry the partner's certificate");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Base64 der : x5c) {
            X509Certificate certificate = X509CertUtils.parse(der.decode());
            if (certificate == null) {
                throw invalid("Agid-JWT-Signature x5c holds something that is not an X.509 certificate");
            }
            chain.add(certificate);
        }
        X509Certificate leaf = chain.get(0);
        X509Certificate own = certificates.certificateOf(agreement, channel).orElseThrow(() -> invalid(
                "agreement " + agreement.id() + " names no readable certificate on " + channel + " to check signatures with"));
        if (!own.equals(leaf)) {
            throw invalid("Agid-JWT-Signature is signed with " + CertificateTrust.describe(leaf) + ", not with "
                    + agreement.id() + "'s " + CertificateTrust.describe(own) + " (inbound[].identity.certificate)");
        }
        try {
            trust.verify(leaf, chain.toArray(X509Certificate[]::new));
        } catch (CertificateRefused e) {
            throw invalid("Agid-JWT-Signature signer " + e.getMessage());
        }
        return leaf;
    }

    private static void checkSignature(SignedJWT jws, X509Certificate signer) throws ModiRefused {
        try {
            JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jws.getHeader(), signer.getPublicKey());
            if (!jws.verify(verifier)) {
                throw invalid("Agid-JWT-Signature does not verify with the certificate in x5c: it was changed or signed with another key");
            }
        } catch (JOSEException e) {
            throw invalid("Agid-JWT-Signature cannot be verified: " + e.getMessage());
        }
    }

    private Instant checkFreshness(JWTClaimsSet claims) throws ModiRefused {
        Instant now = clock.instant();
        Date iat = claims.getIssueTime();
        Date exp = claims.getExpirationTime();
        if (iat == null || exp == null) {
            throw invalid("Agid-JWT-Signature needs iat and exp (ModI INTEGRITY_REST_01)");
        }
        if (iat.toInstant().isAfter(now.plus(clockSkew))) {
            throw invalid("Agid-JWT-Signature iat " + iat.toInstant() + " is in the future (gateway time " + now
                    + ", allowance " + clockSkew + ")");
        }
        if (iat.toInstant().isBefore(now.minus(maxAge).minus(clockSkew))) {
            throw invalid("Agid-JWT-Signature iat " + iat.toInstant() + " is older than " + maxAge
                    + " (pis.modi.max-age): sign each request when it is sent");
        }
        if (exp.toInstant().isBefore(now.minus(clockSkew))) {
            throw invalid("Agid-JWT-Signature expired at " + exp.toInstant() + " (gateway time " + now + ")");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(clockSkew))) {
            throw invalid("Agid-JWT-Signature is not valid before " + nbf.toInstant() + " (gateway time " + now + ")");
        }
        Instant lastAcceptable = iat.toInstant().plus(maxAge);
        return (exp.toInstant().isAfter(lastAcceptable) ? exp.toInstant() : lastAcceptable).plus(clockSkew);
    }

    private static void checkSignedHeaders(JWTClaimsSet claims, Map<String, String> headers, String digest)
            throws ModiRefused {
        Object signed = claims.getClaim("signed_headers");
        if (!(signed instanceof List<?> list) || list.isEmpty()) {
            throw invalid("Agid-JWT-Signature has no signed_headers: it must list at least"
                    + " [{\"digest\": \"<the Digest header>\"}] so that the signature covers the body");
        }
        boolean digestSigned = false;
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> entry)) {
                throw invalid("signed_headers must be a list of {\"header-name\": \"value\"} objects");
            }
            for (Map.Entry<?, ?> e : entry.entrySet()) {
                String name = String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
                String value = e.getValue() == null ? null : String.valueOf(e.getValue()).strip();
                String actual = headers.get(name);
                if (actual == null || !actual.strip().equals(value)) {
                    throw invalid("signed_headers " + name + " '" + value + "' is not the request's " + name
                            + (actual == null ? " (absent)" : " '" + actual + "'"));
                }
                digestSigned |= name.equals(DIGEST) && actual.equals(digest);
            }
        }
        if (!digestSigned) {
            throw invalid("Agid-JWT-Signature signed_headers does not include the digest: the signature does not cover the body");
        }
    }

    /** The value of a {@code Digest} header for these bytes, as a client sends it. */
    public static String digestHeader(byte[] body) {
        return "SHA-256=" + java.util.Base64.getEncoder().encodeToString(sha("SHA-256", body));
    }

    private static byte[] sha(String algorithm, byte[] body) {
        try {
            return MessageDigest.getInstance(algorithm).digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModiRefused invalid(String text) {
        return new ModiRefused(Reason.SIGNATURE_INVALID, text);
    }
}
