package it.pis.gateway.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Whether a certificate may be trusted now, for a TLS client and for a message signer alike: within
 * its validity, issued (through its chain) by a CA in {@code pis.tls.trusted-cas}, and, when CRLs
 * are configured ({@code pis.tls.crls}), not revoked. With CRLs the check fails closed: a
 * certificate whose CA has no current CRL among them is refused. Every refusal says which of these
 * failed, so that a partner's team can act on it.
 *
 * <p>A chain that passed is remembered for up to {@value #REMEMBER_MINUTES} minutes, never past the
 * first {@code notAfter} in it nor the next update of a CRL, so that the full PKIX validation (about
 * a twentieth of a FHIR request's CPU in the benchmark, once for the TLS client and once for the
 * ModI signer) runs once per partner and period instead of per request. Refusals are not remembered.
 * Trust anchors and CRLs are fixed for the life of this object (read at start-up), so nothing else
 * can change the answer within that time.
 */
public final class CertificateTrust {

    private final List<X509Certificate> trustedCas;
    private final Set<TrustAnchor> anchors;
    private final List<X509CRL> crls;
    private final Clock clock;
    private final Map<List<X509Certificate>, Trusted> passed = new ConcurrentHashMap<>();

    private static final int REMEMBER_MINUTES = 5;
    private static final int REMEMBER_AT_MOST = 1_000;

    /** A chain that passed at {@code from}, which may be taken as passing until {@code until}. */
    private record Trusted(Instant from, Instant until) {
        boolean covers(Instant now) {
            return !now.isBefore(from) && now.isBefore(until);
        }
    }

    public CertificateTrust(List<X509Certificate> trustedCas, List<X509CRL> crls, Clock clock) {
        this.trustedCas = List.copyOf(trustedCas);
        this.anchors = trustedCas.stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
        this.crls = List.copyOf(crls);
        this.clock = clock;
    }

    public List<X509Certificate> trustedCas() {
        return trustedCas;
    }

    /**
     * @param chain the chain as presented, leaf first (may be just the leaf, or empty)
     * @throws CertificateRefused expired, not yet valid, revoked, revocation unknown, or not from a trusted CA
     */
    public void verify(X509Certificate leaf, X509Certificate... chain) throws CertificateRefused {
        Instant instant = clock.instant();
        List<X509Certificate> presented = new ArrayList<>(chain.length + 1);
        presented.add(leaf);
        presented.addAll(Arrays.asList(chain));
        Trusted earlier = passed.get(presented);
        if (earlier != null && earlier.covers(instant)) {
            return;
        }
        Date now = Date.from(instant);
        try {
            leaf.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new CertificateRefused("expired on " + leaf.getNotAfter().toInstant() + ": " + describe(leaf));
        } catch (CertificateNotYetValidException e) {
            throw new CertificateRefused("is not valid before " + leaf.getNotBefore().toInstant() + ": " + describe(leaf));
        }
        List<X509Certificate> path = new ArrayList<>(chain.length > 0 && chain[0].equals(leaf)
                ? Arrays.asList(chain) : List.of(leaf));
        // the anchor itself is not part of a PKIX path
        path.removeIf(c -> anchors.stream().anyMatch(a -> a.getTrustedCert().equals(c)));
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setDate(now);
            parameters.setRevocationEnabled(!crls.isEmpty());
            if (!crls.isEmpty()) {
                parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            }
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path),
                    parameters);
            remember(presented, instant);
        } catch (CertPathValidatorException e) {
            throw new CertificateRefused(reason(e, leaf) + ": " + describe(leaf));
        } catch (GeneralSecurityException e) {
            throw new CertificateRefused("cannot be verified (" + e.getMessage() + "): " + describe(leaf));
        }
    }

    private void remember(List<X509Certificate> presented, Instant now) {
        Instant until = now.plus(Duration.ofMinutes(REMEMBER_MINUTES));
        for (X509Certificate certificate : presented) {
            until = earliest(until, certificate.getNotAfter());
        }
        for (X509CRL crl : crls) {
            until = earliest(until, crl.getNextUpdate());
        }
        if (passed.size() >= REMEMBER_AT_MOST) {
            passed.clear();
        }
        passed.put(List.copyOf(presented), new Trusted(now, until));
    }

    private static Instant earliest(Instant until, Date other) {
        return other != null && other.toInstant().isBefore(until) ? other.toInstant() : until;
    }

    private static String reason(CertPathValidatorException e, X509Certificate leaf) {
        if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
            return "is revoked (" + e.getMessage() + ")";
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return "has an unknown revocation status: no current CRL of its CA among pis.tls.crls";
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
            return "is issued by a CA certificate that is expired (" + e.getMessage() + ")";
        }
        return "is not issued by a CA the gateway trusts (issuer '" + leaf.getIssuerX500Principal().getName() + "')";
    }

    /** Subject and fingerprint, enough to find the certificate in a partner's files. */
    public static String describe(X509Certificate certificate) {
        return "certificate '" + certificate.getSubjectX500Principal().getName() + "' (SHA-256 "
                + fingerprint(certificate).substring(0, 16) + "…)";
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CRL files (PEM or DER), e.g. those named by {@code pis.tls.crls}. */
    public static List<X509CRL> readCrls(List<Path> files) {
        List<X509CRL> crls = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                crls.add((X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read CRL " + file + " (pis.tls.crls)", e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("not a CRL: " + file + " (pis.tls.crls)", e);
            }
        }
        return crls;
    }
}
