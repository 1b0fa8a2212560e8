package it.pis.gateway.inbound;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.crypto.CertificateRefused;
import it.pis.gateway.crypto.PartnerCertificates;
import it.pis.gateway.inbound.InboundRejection.Cause;
import it.pis.gateway.inbound.InboundRejection.Kind;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a message on a certificate-authenticated channel: the agreement whose certificate the
 * client presented. Whatever the message then says about its sender (MSH-4, FHIR source, SOAP
 * signer) must be that same agreement's, so that no partner can pass for another.
 */
public final class CertificateIdentification {

    private final PartnerCertificates certificates;
    private final AgreementRegistry agreements;

    public CertificateIdentification(PartnerCertificates certificates, AgreementRegistry agreements) {
        this.certificates = certificates;
        this.agreements = agreements;
    }

    /** Marks the message as the certificate owner's; refuses it when the certificate is not any agreement's. */
    public InboundMessage identify(InboundMessage message, X509Certificate[] clientChain) {
        try {
            return message.identifiedAs(certificates.authenticate(clientChain, message.channel()));
        } catch (CertificateRefused e) {
            throw new InboundRejection(Kind.REJECT, Cause.CERTIFICATE_REFUSED, "client certificate refused: " + e.getMessage(), message);
        }
    }

    /**
     * Refuses the message when the identity it claims ({@code key} of {@code inbound[].identity},
     * read from the message as {@code label}) is not the authenticated agreement's.
     */
    public void requireClaim(InboundMessage message, String key, String claimed, String label) {
        Agreement agreement = message.agreement();
        InboundChannel channel = agreement.inboundOn(message.channel()).orElseThrow();
        String own = channel.identity().get(key);
        if (Objects.equals(own, claimed) || own == null && claimed == null) {
            return;
        }
        Optional<Agreement> claimedAgreement = claimed == null ? Optional.empty()
                : agreements.current().byIdentity(message.channel(), key, claimed);
        String field = "inbound[" + agreement.indexOf(channel) + "].identity." + key;
        String text = claimedAgreement.isPresent() && !claimedAgreement.get().id().equals(agreement.id())
                ? "identity mismatch: the client certificate is agreement " + agreement.id() + "'s, but " + label
                        + " '" + claimed + "' is agreement " + claimedAgreement.get().id() + "'s: a partner may only send as itself"
                : "identity mismatch: the client certificate is agreement " + agreement.id() + "'s, whose " + field
                        + " is '" + own + "', but " + label + " is " + (claimed == null ? "missing" : "'" + claimed + "'");
        throw new InboundRejection(Kind.REJECT, Cause.IDENTITY_MISMATCH, text, message);
    }
}
