package it.pis.gateway.agreement;

/** One thing wrong with an agreement file: which file, which field (a path such as {@code inbound[0].accept}), which rule. */
public record AgreementProblem(String file, String field, String rule) {

    @Override
    public String toString() {
        return file + ": " + (field.isEmpty() ? "(whole file)" : field) + ": " + rule;
    }
}
