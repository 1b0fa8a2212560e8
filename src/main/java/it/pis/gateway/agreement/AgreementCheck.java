package it.pis.gateway.agreement;

import java.util.List;

/**
 * A check of one agreement that needs more than the schema and the agreement itself, e.g. that the
 * certificate it names is on disk and readable. Runs at start-up and at every reload, so a broken
 * agreement is refused before it becomes current.
 */
public interface AgreementCheck {

    /** What is wrong with the agreement read from {@code file}; empty when nothing is. */
    List<AgreementProblem> check(Agreement agreement, String file);
}
