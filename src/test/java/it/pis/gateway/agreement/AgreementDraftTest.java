package it.pis.gateway.agreement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static it.pis.gateway.agreement.AgreementFiles.SAN_CARLO;
import static it.pis.gateway.agreement.AgreementFiles.demo;
import static it.pis.gateway.agreement.AgreementFiles.replacing;
import static it.pis.gateway.agreement.AgreementFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** An edited agreement is checked against the folder as a reload would, and the folder is left as it was. */
class AgreementDraftTest {

    private final AgreementDraft draft = new AgreementDraft(AgreementFiles.loader());

    @TempDir
    Path folder;

    @Test
    void aValidEditHasNoProblemsAndChangesNothing() throws IOException {
        write(folder, SAN_CARLO, demo(SAN_CARLO));

        List<AgreementProblem> problems = draft.problems(folder, SAN_CARLO + ".yaml",
                replacing(demo(SAN_CARLO), "ADT^A01", "ADT^A02"));

        assertThat(problems).isEmpty();
        assertThat(Files.readString(folder.resolve(SAN_CARLO + ".yaml"))).isEqualTo(demo(SAN_CARLO));
    }

    @Test
    void aBrokenEditListsItsProblemsByFieldNamingTheRealFile() throws IOException {
        write(folder, SAN_CARLO, demo(SAN_CARLO));

        List<AgreementProblem> problems = draft.problems(folder, SAN_CARLO + ".yaml",
                replacing(demo(SAN_CARLO), "kind: hospital", "kind: hospitall"));

        assertThat(problems).extracting(AgreementProblem::file, AgreementProblem::field)
                .containsExactly(tuple(folder.resolve(SAN_CARLO + ".yaml").toString(), "kind"));
        assertThat(Files.readString(folder.resolve(SAN_CARLO + ".yaml"))).isEqualTo(demo(SAN_CARLO));
        try (var files = Files.list(folder)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void aCopyUnderAnotherNameClashesWithTheOriginal() {
        write(folder, SAN_CARLO, demo(SAN_CARLO));

        List<AgreementProblem> problems = draft.problems(folder, "ospedale-nuovo.yaml", demo(SAN_CARLO));

        assertThat(problems).extracting(AgreementProblem::file).containsOnly(folder.resolve("ospedale-nuovo.yaml").toString());
        assertThat(problems).extracting(AgreementProblem::field).contains("id");
        assertThat(folder.resolve("ospedale-nuovo.yaml")).doesNotExist();
    }

    @Test
    void aFileNameThatIsNotAnAgreementsIsRefused() {
        assertThat(draft.problems(folder, "../etc/passwd", "id: x")).singleElement()
                .satisfies(p -> assertThat(p.rule()).contains("lower-case words"));
        assertThat(draft.problems(folder, null, "id: x")).hasSize(1);
    }
}
