package it.pis.gateway.outbound.soap;

/** No answer came from the partner for this attempt (not reachable, TLS refused, timed out): the message says why. */
public final class SoapUnreachable extends RuntimeException {

    public SoapUnreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
