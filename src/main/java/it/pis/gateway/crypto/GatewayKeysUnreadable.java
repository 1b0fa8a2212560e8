package it.pis.gateway.crypto;

/**
 * A key file of the gateway (its certificate, its private key, the partner CAs) that is missing or
 * cannot be read: start-up stops with this one line ({@link GatewayKeysFailureAnalyzer}), naming the
 * file, the setting and the environment variable of the production profile that choose it.
 */
public class GatewayKeysUnreadable extends IllegalStateException {

    public GatewayKeysUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
