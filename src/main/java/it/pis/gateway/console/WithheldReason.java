package it.pis.gateway.console;

/**
 * Which rule withheld a field, read from the reason the minimization gives (policy.Minimization),
 * so that the preview can say it in the operator's language; the reason itself is shown as well.
 */
enum WithheldReason {
    VIOLENCE_VICTIM, TRAFFICKING_VICTIM, CONFIDENTIALITY, AGREEMENT, OTHER;

    static WithheldReason of(String reason) {
        if (reason == null) {
            return OTHER;
        }
        if (reason.startsWith("violence victim")) {
            return VIOLENCE_VICTIM;
        }
        if (reason.startsWith("trafficking victim")) {
            return TRAFFICKING_VICTIM;
        }
        if (reason.startsWith("VERY_RESTRICTED case") || reason.startsWith("RESTRICTED case")) {
            return CONFIDENTIALITY;
        }
        if (reason.startsWith("not in agreement")) {
            return AGREEMENT;
        }
        return OTHER;
    }

    /** The message key of the rule's name. */
    String key() {
        return "withheld." + name();
    }
}
