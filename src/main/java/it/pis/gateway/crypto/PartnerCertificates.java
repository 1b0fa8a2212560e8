package it.pis.gateway.crypto;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.AgreementSet;
import it.pis.gateway.agreement.InboundChannel;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds certificates to agreements. A partner is the agreement whose {@code identity.certificate}
 * is exactly the certificate it presents (pinned by SHA-256), and that certificate must also be
 * within its validity and issued by a CA the gateway trusts. Every refusal says which of these
 * failed. The index follows agreement reloads.
 */
public final class PartnerCertificates {

    /** A certificate fingerprint (or, in {@code byPartner}, an agreement id) on a channel. */
    private record Binding(String fingerprint, String channel) {
    }

    /** Who may present which certificate on which channel, and the reverse, for one agreement set. */
    private record Index(AgreementSet set, Map<Binding, Agreement> byBinding, Map<Binding, X509Certificate> byPartner) {
    }

    private final AgreementRegistry agreements;
    private final CertificateFiles files;
    private final Set<TrustAnchor> anchors;
    private final Clock clock;
    private volatile Index index;

    public PartnerCertificates(AgreementRegistry agreements, CertificateFiles files, GatewayKeys keys, Clock clock) {
        this.agreements = agreements;
        this.files = files;
        this.anchors = keys.trustedCas().stream().map(ca -> new TrustAnchor(ca, null)).collect(Collectors.toSet());
        this.clock = clock;
    }

    /**
     * The agreement that may send on {@code channel} with this client certificate chain (leaf first).
     *
     * @throws CertificateRefused no certificate, not valid now, not from a trusted CA, or not any agreement's
     */
    public Agreement authenticate(X509Certificate[] chain, String channel) throws CertificateRefused {
        if (chain == null || chain.length == 0) {
            throw new CertificateRefused("no client certificate presented: partner endpoints require mutual TLS"
                    + " with the certificate named in the partner's agreement");
        }
        X509Certificate leaf = chain[0];
        verify(leaf, chain);
        Index current = index();
        Agreement agreement = current.byBinding().get(new Binding(fingerprint(leaf), channel));
        if (agreement == null) {
            Optional<Agreement> other = current.byBinding().entrySet().stream()
                    .filter(e -> e.getKey().fingerprint().equals(fingerprint(leaf))).map(Map.Entry::getValue).findFirst();
            throw new CertificateRefused((other.isPresent()
                    ? "belongs to agreement " + other.get().id() + ", which may not send on " + channel
                    : "is not named by any agreement (inbound[].identity.certificate) on " + channel) + ": " + describe(leaf));
        }
        return agreement;
    }

    /**
     * Checks that a certificate (a client's, or a message signer's) is valid now and issued by a
     * trusted CA, without binding it to an agreement.
     */
    public void verify(X509Certificate leaf, X509Certificate... chain) throws CertificateRefused {
        Date now = Date.from(clock.instant());
        try {
            leaf.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new CertificateRefused("expired on " + leaf.getNotAfter().toInstant() + ": " + describe(leaf));
        } catch (CertificateNotYetValidException e) {
            throw new CertificateRefused("is not valid before " + leaf.getNotBefore().toInstant() + ": " + describe(leaf));
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            X509Certificate[] path = chain.length > 0 && chain[0].equals(leaf) ? chain : new X509Certificate[] {leaf};
            // the anchor itself is not part of a PKIX path
            X509Certificate[] withoutAnchors = Arrays.stream(path)
                    .filter(c -> anchors.stream().noneMatch(a -> a.getTrustedCert().equals(c)))
                    .toArray(X509Certificate[]::new);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(withoutAnchors)), parameters);
        } catch (GeneralSecurityException e) {
            throw new CertificateRefused("is not issued by a CA the gateway trusts (issuer '"
                    + leaf.getIssuerX500Principal().getName() + "'): " + describe(leaf));
        }
    }

    /** The certificate an agreement names for a channel, e.g. to check a message signer against it. */
    public Optional<X509Certificate> certificateOf(Agreement agreement, String channel) {
        return Optional.ofNullable(index().byPartner().get(new Binding(agreement.id(), channel)));
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

    private Index index() {
        AgreementSet set = agreements.current();
        Index current = index;
        if (current == null || current.set() != set) {
            current = build(set);
            index = current;
        }
        return current;
    }

    private Index build(AgreementSet set) {
        Map<Binding, Agreement> byBinding = new HashMap<>();
        Map<Binding, X509Certificate> byPartner = new HashMap<>();
        for (Agreement agreement : set.all()) {
            for (InboundChannel in : agreement.inbound()) {
                String name = in.identity().get("certificate");
                if (name == null) {
                    continue;
                }
                try {
                    X509Certificate certificate = Pem.readCertificate(files.resolve(name));
                    byBinding.put(new Binding(fingerprint(certificate), in.channel()), agreement);
                    byPartner.put(new Binding(agreement.id(), in.channel()), certificate);
                } catch (IOException e) {
                    // the loader checked the file; it changed since: this partner cannot authenticate until fixed
                    org.slf4j.LoggerFactory.getLogger(PartnerCertificates.class)
                            .error("agreement {}: cannot read certificate {}: {}", agreement.id(), name, e.getMessage());
                }
            }
        }
        return new Index(set, Map.copyOf(byBinding), Map.copyOf(byPartner));
    }
}
