package it.pis.gateway.outbound;

import java.util.List;

/**
 * A handover request that was not journaled, and why: each problem names the request field (e.g.
 * {@code recipients[1]}) and the rule. {@code status} is 400 for a request of the wrong shape and
 * 422 for one that is well formed but cannot be sent as asked.
 */
public class HandoverRefused extends RuntimeException {

    /** One thing wrong with the request. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private final int status;
    private final List<Problem> problems;

    public HandoverRefused(int status, List<Problem> problems) {
        super(problems.isEmpty() ? "refused" : problems.get(0).toString()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    public static HandoverRefused of(int status, String field, String message) {
        return new HandoverRefused(status, List.of(new Problem(field, message)));
    }

    public int status() {
        return status;
    }

    public List<Problem> problems() {
        return problems;
    }
}
