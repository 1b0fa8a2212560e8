package it.pis.gateway;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shared test corpus: real messages, signed envelopes and keys written by others (HAPI, Camel,
 * CXF, WSS4J, FHIR examples...), kept outside this repository, by default beside it in
 * {@code ../shared/corpus} (docs/testing.md says what it holds and where each part comes from).
 *
 * <p>A test reads it only through {@link #path}: when the corpus is absent, the test is skipped
 * with a message that says what is missing and how to get it, so that a fresh clone builds; where
 * {@code PIS_CORPUS_REQUIRED=true} (or {@code -Dpis.corpus.required=true}) says it must be there, as
 * CI does, a missing corpus fails the test instead. A file missing from a corpus that is there
 * always fails: that is a wrong path, not a missing corpus.
 */
public final class Corpus {

    /** Where the corpus is: system property, else environment variable, else {@link #DEFAULT}. */
    public static final String LOCATION_PROPERTY = "pis.corpus";
    public static final String LOCATION_VARIABLE = "PIS_CORPUS";
    /** {@code true} turns "skipped, corpus absent" into a failure: set by .ci/run. */
    public static final String REQUIRED_PROPERTY = "pis.corpus.required";
    public static final String REQUIRED_VARIABLE = "PIS_CORPUS_REQUIRED";
    public static final Path DEFAULT = Path.of("../shared/corpus");

    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private Corpus() {
    }

    /**
     * A file or folder of the corpus, e.g. {@code path("hl7v2/hapi-hl7v2/adt_a03.txt")}. Call it in
     * a test, a {@code @BeforeAll} or a constructor (not in a static initializer, where a skip
     * becomes an error).
     */
    public static Path path(String relative) {
        Path root = root();
        Path path = root.resolve(relative);
        if (!Files.exists(path)) {
            return Assertions.fail("the test corpus at " + root.toAbsolutePath().normalize() + " has no " + relative
                    + ": a wrong path in the test, or an incomplete corpus");
        }
        return path;
    }

    /** The corpus folder; skips the calling test when it is absent (fails it when the corpus is required). */
    public static Path root() {
        Path root = location();
        if (Files.isDirectory(root)) {
            return root;
        }
        String why = "test corpus not found at " + root.toAbsolutePath().normalize() + " (" + LOCATION_PROPERTY + " / "
                + LOCATION_VARIABLE + ", default " + DEFAULT + "): the tests that read real partner messages, keys"
                + " and envelopes written by others are skipped. Put the corpus there, or point -D" + LOCATION_PROPERTY
                + "=<folder> at it; docs/testing.md says what it holds and where each part comes from.";
        if (required()) {
            return Assertions.fail(why.replace("are skipped", "cannot run") + " It is required here (" + REQUIRED_VARIABLE
                    + "=true, as in CI).");
        }
        if (TOLD.compareAndSet(false, true)) {
            System.err.println("[corpus] " + why);
        }
        return Assumptions.abort(why);
    }

    static Path location() {
        String configured = setting(LOCATION_PROPERTY, LOCATION_VARIABLE);
        return configured == null || configured.isBlank() ? DEFAULT : Path.of(configured);
    }

    static boolean required() {
        return Boolean.parseBoolean(setting(REQUIRED_PROPERTY, REQUIRED_VARIABLE));
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(variable);
    }
}
