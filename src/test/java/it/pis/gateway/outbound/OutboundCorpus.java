package it.pis.gateway.outbound;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared reference corpus of outbound formats ({@code shared/corpus/outbound}, read-only, beside
 * the repository): {@code -Dpis.corpus=<folder>} if given, else {@code ../shared/corpus} (a clone
 * next to shared/), else {@code ../../shared/corpus} (a git worktree one level deeper). A test that
 * needs it is skipped, saying where it looked, when it is absent; it is never copied into the project.
 */
public final class OutboundCorpus {

    private OutboundCorpus() {
    }

    /** {@code corpus/outbound/<sub>}, or the calling test is skipped. */
    public static Path dir(String sub) {
        List<Path> candidates = System.getProperty("pis.corpus") != null
                ? List.of(Path.of(System.getProperty("pis.corpus")))
                : List.of(Path.of("../shared/corpus"), Path.of("../../shared/corpus"));
        for (Path corpus : candidates) {
            Path folder = corpus.resolve("outbound").resolve(sub);
            if (Files.isDirectory(folder)) {
                return folder;
            }
        }
        Assumptions.abort("outbound corpus folder '" + sub + "' not found at "
                + candidates.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()
                + " (set -Dpis.corpus=<path to shared/corpus>)");
        throw new IllegalStateException("unreachable");
    }
}
