package it.pis.gateway.agreement;

import java.util.List;
import java.util.stream.Collectors;

/** The agreement folder cannot be used as it is; every problem found is listed, not just the first. */
public class InvalidAgreementsException extends RuntimeException {

    private final List<AgreementProblem> problems;

    public InvalidAgreementsException(List<AgreementProblem> problems) {
        super(problems.size() + " problem(s) in agreements:\n" + problems.stream()
                .map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<AgreementProblem> problems() {
        return problems;
    }
}
