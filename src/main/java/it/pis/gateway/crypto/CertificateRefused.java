package it.pis.gateway.crypto;

/** A client or signer certificate the gateway does not accept, with a reason a partner's team can act on. */
public class CertificateRefused extends Exception {

    public CertificateRefused(String reason) {
        super(reason);
    }
}
