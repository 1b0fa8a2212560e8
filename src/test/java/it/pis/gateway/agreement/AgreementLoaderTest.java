package it.pis.gateway.agreement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static it.pis.gateway.agreement.AgreementFiles.SAN_CARLO;
import static it.pis.gateway.agreement.AgreementFiles.demo;
import static it.pis.gateway.agreement.AgreementFiles.replacing;
import static it.pis.gateway.agreement.AgreementFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgreementLoaderTest {

    private final AgreementLoader loader = AgreementFiles.loader();

    @TempDir
    Path folder;

    @Test
    void demoFolderLoads() {
        AgreementSet set = loader.load(AgreementFiles.DEMO);

        assertThat(set.size()).isEqualTo(9);
        Agreement sanCarlo = set.byIdentity("hl7v2-mllp", "sendingFacility", "OSPSANCARLO").orElseThrow();
        assertThat(sanCarlo.id()).isEqualTo(SAN_CARLO);
        assertThat(sanCarlo.inboundOn("hl7v2-mllp").orElseThrow().accept())
                .containsExactly("ADT^A01", "ADT^A03", "ADT^A04", "ADT^A08", "REF^I12");
        assertThat(set.fileOf(SAN_CARLO)).isEqualTo(AgreementFiles.DEMO.resolve("ospedale-san-carlo.yaml"));
    }

    @Test
    void invalidYamlSyntaxIsAWholeFileProblem() {
        Path file = write(folder, SAN_CARLO, "id: [unclosed\nkind: hospital\n");

        AgreementProblem problem = onlyProblem();

        assertProblem(problem, file, "", "not valid YAML", "line 2");
    }

    @Test
    void emptyFileIsAWholeFileProblem() {
        Path file = write(folder, SAN_CARLO, "# nothing here yet\n");

        assertProblem(onlyProblem(), file, "", "file is empty");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        Path file = writeSanCarlo(text -> text.replaceAll("(?m)^legalBasis:.*\\n", ""));

        assertProblem(onlyProblem(), file, "legalBasis", "required property 'legalBasis' not found", "required");
    }

    @Test
    void unknownPropertyIsNamed() {
        Path file = writeSanCarlo(text -> replacing(text, "kind: hospital\n", "kind: hospital\ncolour: blue\n"));

        assertProblem(onlyProblem(), file, "colour", "'colour' is not defined in the schema", "additionalProperties");
    }

    @Test
    void unknownPropertyInsideAnInboundEntryIsNamedWithItsPath() {
        Path file = writeSanCarlo(text -> replacing(text, "    charset: ISO-8859-1",
                "    colour: blue\n    charset: ISO-8859-1"));

        assertProblem(onlyProblem(), file, "inbound[0].colour", "'colour' is not defined", "additionalProperties");
    }

    @Test
    void anAgreementsOwnRetentionPeriodsAreRead() {
        writeSanCarlo(text -> text + "\nretention:\n  rawMessages: P30D\n  reports: P3650D\n  handovers: P365D\n"
                + "  placementNotes: P7D\n");

        Agreement sanCarlo = loader.load(folder).byId(SAN_CARLO).orElseThrow();

        assertThat(sanCarlo.retention()).isEqualTo(new Retention("P30D", "P3650D", "P365D", null, "P7D"));
    }

    @Test
    void aRetentionPeriodWithTheShapeButNoMeaningIsNamed() {
        Path file = writeSanCarlo(text -> text + "\nretention:\n  rawMessages: PT30D\n");

        assertProblem(onlyProblem(), file, "retention.rawMessages", "'PT30D' is not an ISO-8601 period");
        Path handovers = writeSanCarlo(text -> text + "\nretention:\n  handovers: PT30D\n");
        assertProblem(onlyProblem(), handovers, "retention.handovers", "'PT30D' is not an ISO-8601 period");
    }

    @Test
    void anUnknownRetentionFieldIsNamed() {
        Path file = writeSanCarlo(text -> text + "\nretention:\n  auditTrail: P30D\n");

        assertProblem(onlyProblem(), file, "retention.auditTrail", "'auditTrail' is not defined", "additionalProperties");
    }

    @Test
    void valueOutsideAnEnumIsNamed() {
        Path file = writeSanCarlo(text -> replacing(text, "kind: hospital", "kind: hotel"));

        assertProblem(onlyProblem(), file, "kind", "does not have a value in the enumeration", "(schema rule: enum)");
    }

    @Test
    void hl7MessageTypeNotShapedLikeAdtA01IsNamedByItsPosition() {
        Path file = writeSanCarlo(text -> replacing(text, "REF^I12", "REF_I12"));

        assertProblem(onlyProblem(), file, "inbound[0].accept[4]", "does not match the regex pattern", "pattern");
    }

    @Test
    void hl7ChannelWithoutSendingFacilityIsRefused() {
        Path file = writeSanCarlo(text -> replacing(text, "{ sendingFacility: OSPSANCARLO,", "{ organization: OSP,"));

        assertProblem(onlyProblem(), file, "inbound[0].identity.sendingFacility",
                "required property 'sendingFacility' not found", "required");
    }

    @Test
    void unknownMappingTargetIsNamed() {
        Path file = writeSanCarlo(text -> replacing(text, "narrative: NTE-3", "person.shoeSize: NTE-3"));

        assertProblem(onlyProblem(), file, "inbound[0].mapping.person.shoeSize", "person.shoeSize", "propertyNames");
    }

    @Test
    void badTerserPathIsNamedWithTheRuleItSitsIn() {
        Path file = writeSanCarlo(text -> replacing(text, "person.givenName: PID-5-2\n", "person.givenName: PID-5-2-x\n"));

        assertProblem(onlyProblem(), file, "inbound[0].mapping.person.givenName.from",
                "'PID-5-2-x' is not an HL7 v2 path such as PID-5-1");
    }

    @Test
    void whereWithoutARepeatingFromIsRefused() {
        Path file = writeSanCarlo(text -> replacing(text, "{ from: \"PID-3(*)-1\", where: { \"PID-3(*)-5\": [CF, NNITA] } }",
                "{ from: \"PID-3-1\", where: { \"PID-3-5\": [CF] } }"));

        assertProblem(onlyProblem(), file, "inbound[0].mapping.person.identifier.where",
                "'where' picks a repetition, so 'from' must contain (*)");
    }

    @Test
    void unknownEnumValueInAValueMapIsNamed() {
        Path file = writeSanCarlo(text -> replacing(text, "\"1\": EMERGENCY", "\"1\": EMERGENT"));

        assertProblem(onlyProblem(), file, "inbound[0].mapping.urgency.map.1", "'EMERGENT' is not one of", "EMERGENCY");
    }

    @Test
    void unknownEnumValueInDefaultsIsNamed() {
        Path file = writeSanCarlo(text -> replacing(text, "    defaults:\n", "    defaults:\n      targetGroups: [PIRATES]\n"));

        assertProblem(onlyProblem(), file, "inbound[0].defaults.targetGroups", "'PIRATES' is not one of", "HOMELESS");
    }

    @Test
    void ruleWithNeitherFromNorDefaultIsRefused() {
        Path file = writeSanCarlo(text -> replacing(text, "narrative: NTE-3", "narrative: { map: {a: b} }"));

        assertProblem(onlyProblem(), file, "inbound[0].mapping.narrative", "a rule needs 'from' or 'default'");
    }

    @Test
    void aCopiedAgreementIsTheDuplicateNamingTheOriginalAndEveryClashingIdentity() {
        Path original = write(folder, SAN_CARLO, demo(SAN_CARLO));
        // "ospedale-nuovo" sorts before the original: the copy is still the one reported
        Path copy = write(folder, "ospedale-nuovo", demo(SAN_CARLO));

        List<AgreementProblem> problems = assertThrows(InvalidAgreementsException.class, () -> loader.load(folder))
                .problems();

        assertThat(problems).extracting(AgreementProblem::file).containsOnly(copy.toString());
        assertThat(problems).extracting(AgreementProblem::field).containsExactly("id",
                "inbound[0].identity.certificate", "inbound[0].identity.sendingFacility");
        assertProblem(problems.get(0), copy, "id", "duplicate id 'ospedale-san-carlo', already used by " + original,
                "give this agreement its own id");
        assertProblem(problems.get(1), copy, "inbound[0].identity.certificate",
                "identity certificate=ospedale-san-carlo.crt on hl7v2-mllp is already claimed by agreement ospedale-san-carlo");
        assertProblem(problems.get(2), copy, "inbound[0].identity.sendingFacility",
                "identity sendingFacility=OSPSANCARLO on hl7v2-mllp is already claimed by agreement ospedale-san-carlo ("
                        + original + ", inbound[0].identity.sendingFacility)");
    }

    @Test
    void aCopyWithItsOwnIdButTheOriginalsSendingFacilityIsReportedOnTheCopy() throws Exception {
        Path original = write(folder, SAN_CARLO, demo(SAN_CARLO));
        Path copy = write(folder, "ospedale-bis", replacing(replacing(demo(SAN_CARLO), "id: ospedale-san-carlo",
                "id: ospedale-bis"), "certificate: ospedale-san-carlo.crt", "certificate: ospedale-bis.crt"));
        // both files are named after their ids: the newer one is the copy
        Files.setLastModifiedTime(original, FileTime.from(Instant.now().minusSeconds(3600)));

        assertProblem(onlyProblem(), copy, "inbound[0].identity.sendingFacility",
                "identity sendingFacility=OSPSANCARLO on hl7v2-mllp is already claimed by agreement ospedale-san-carlo ("
                        + original + ", inbound[0].identity.sendingFacility)");
    }

    @Test
    void missingFolderIsRefused() {
        Path missing = folder.resolve("no-such-folder");

        List<AgreementProblem> problems = assertThrows(InvalidAgreementsException.class, () -> loader.load(missing))
                .problems();

        assertThat(problems).singleElement().satisfies(p ->
                assertProblem(p, missing, "", "agreement folder does not exist"));
    }

    @Test
    void everyProblemInEveryFileIsReportedAtOnce() {
        Path badKind = write(folder, "a-bad-kind", replacing(demo("uds-milano"), "kind: street-unit", "kind: circus"));
        Path badPath = writeSanCarlo(text -> replacing(text, "narrative: NTE-3", "narrative: NTE"));
        Path twoProblems = write(folder, "z-two-problems", replacing(replacing(demo("cav-milano"),
                "VIOLENCE_VICTIM]", "PIRATES]"), "confidentiality: VERY_RESTRICTED", "confidentiality: SECRET"));
        write(folder, "questura-milano", demo("questura-milano"));

        InvalidAgreementsException e = assertThrows(InvalidAgreementsException.class, () -> loader.load(folder));

        assertThat(e.problems()).extracting(AgreementProblem::file, AgreementProblem::field).containsExactlyInAnyOrder(
                tuple(badKind.toString(), "kind"),
                tuple(badPath.toString(), "inbound[0].mapping.narrative.from"),
                tuple(twoProblems.toString(), "inbound[0].defaults.targetGroups"),
                tuple(twoProblems.toString(), "inbound[0].defaults.confidentiality"));
        assertThat(e.getMessage()).startsWith("4 problem(s) in agreements:")
                .contains(badKind.toString(), badPath.toString(), twoProblems.toString());
    }

    private Path writeSanCarlo(UnaryOperator<String> edit) {
        return write(folder, SAN_CARLO, edit.apply(demo(SAN_CARLO)));
    }

    private AgreementProblem onlyProblem() {
        InvalidAgreementsException e = assertThrows(InvalidAgreementsException.class, () -> loader.load(folder));
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    private static void assertProblem(AgreementProblem problem, Path file, String field, String... ruleParts) {
        assertThat(problem.file()).isEqualTo(file.toString());
        assertThat(problem.field()).isEqualTo(field);
        assertThat(problem.rule()).contains(ruleParts);
    }
}
