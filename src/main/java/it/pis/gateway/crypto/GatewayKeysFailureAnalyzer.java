package it.pis.gateway.crypto;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A missing or unreadable key file at start-up: one line that names it, instead of a bean-creation stack trace. */
class GatewayKeysFailureAnalyzer extends AbstractFailureAnalyzer<GatewayKeysUnreadable> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, GatewayKeysUnreadable cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Provide the file, or point the setting at it. The production profile reads PIS_TLS_CERTIFICATE,"
                        + " PIS_TLS_PRIVATE_KEY, PIS_TLS_TRUSTED_CAS (PEM files) and PIS_CERTS_DIR (the partners'"
                        + " certificates): see docs/operations.md, Production profile.", null);
    }
}
