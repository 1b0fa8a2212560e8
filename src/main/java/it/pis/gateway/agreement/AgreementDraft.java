package it.pis.gateway.agreement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks an edited agreement file as a reload would, without touching the folder in force: the
 * folder is copied aside with the draft in place of (or beside) the file of that name and loaded
 * with the same loader, so clashes with the other agreements are found too. Problems name the
 * real folder's files.
 */
public final class AgreementDraft {

    /** What a draft's file name may be: one {@code <id>.yaml} in the folder, nothing else. */
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*\\.yaml");

    private final AgreementLoader loader;

    public AgreementDraft(AgreementLoader loader) {
        this.loader = loader;
    }

    /** Every problem the folder would have with {@code yaml} saved as {@code fileName}; empty when it would load. */
    public List<AgreementProblem> problems(Path folder, String fileName, String yaml) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            return List.of(new AgreementProblem(String.valueOf(fileName), "",
                    "the file name must be lower-case words joined by '-' ending in .yaml, e.g. ospedale-niguarda.yaml"));
        }
        Path aside = null;
        try {
            aside = Files.createTempDirectory("pis-agreement-draft-");
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).toList()) {
                    // the originals keep their times: a clash is reported on the newer file, here the draft
                    Files.copy(file, aside.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Files.writeString(aside.resolve(fileName), yaml == null ? "" : yaml, StandardCharsets.UTF_8);
            try {
                loader.load(aside);
                return List.of();
            } catch (InvalidAgreementsException e) {
                String prefix = aside.toString();
                return e.problems().stream().map(p -> new AgreementProblem(
                        p.file().startsWith(prefix) ? folder.resolve(p.file().substring(prefix.length() + 1)).toString()
                                : p.file(), p.field(), p.rule().replace(prefix, folder.toString()))).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the draft beside a copy of " + folder, e);
        } finally {
            delete(aside);
        }
    }

    private static void delete(Path folder) {
        if (folder == null) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // a leftover temporary folder holds no personal data; the answer matters more
        }
    }
}
