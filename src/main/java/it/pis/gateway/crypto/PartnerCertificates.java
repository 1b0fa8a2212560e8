package it.pis.gateway.crypto;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.AgreementSet;
import it.pis.gateway.agreement.InboundChannel;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Binds certificates to agreements. A partner is the agreement whose {@code identity.certificate}
 * is exactly the certificate it presents (pinned by SHA-256), and that certificate must also pass
 * {@link CertificateTrust} (valid now, trusted CA, not revoked). Every refusal says which of these
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
    private final CertificateTrust trust;
    private volatile Index index;

    public PartnerCertificates(AgreementRegistry agreements, CertificateFiles files, CertificateTrust trust) {
        this.agreements = agreements;
        this.files = files;
        this.trust = trust;
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
        trust.verify(leaf, chain);
        Index current = index();
        String fingerprint = CertificateTrust.fingerprint(leaf);
        Agreement agreement = current.byBinding().get(new Binding(fingerprint, channel));
        if (agreement == null) {
            Optional<Agreement> other = current.byBinding().entrySet().stream()
                    .filter(e -> e.getKey().fingerprint().equals(fingerprint)).map(Map.Entry::getValue).findFirst();
            throw new CertificateRefused((other.isPresent()
                    ? "belongs to agreement " + other.get().id() + ", which may not send on " + channel
                    : "is not named by any agreement (inbound[].identity.certificate) on " + channel) + ": " + CertificateTrust.describe(leaf));
        }
        return agreement;
    }

    /** The certificate an agreement names for a channel, e.g. to check a message signer against it. */
    public Optional<X509Certificate> certificateOf(Agreement agreement, String channel) {
        return Optional.ofNullable(index().byPartner().get(new Binding(agreement.id(), channel)));
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
                    byBinding.put(new Binding(CertificateTrust.fingerprint(certificate), in.channel()), agreement);
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
