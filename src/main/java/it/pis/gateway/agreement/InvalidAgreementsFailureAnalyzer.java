package it.pis.gateway.agreement;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns invalid agreements at start-up into a short report instead of a bean-creation stack trace. */
class InvalidAgreementsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAgreementsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidAgreementsException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the files named above, check them with 'java -jar target/pis-gateway.jar validate protocols', "
                        + "then start again. The schema is protocols/agreement.schema.json; README.md explains every field.",
                cause);
    }
}
