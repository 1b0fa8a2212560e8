package it.pis.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module boundaries of ARCHITECTURE.md, kept by a test rather than by good intentions. */
class ModuleBoundariesTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("it.pis.gateway");

    @Test
    void reportDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage("it.pis.gateway.report..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("it.pis.gateway.report..", "java..")
                .check(MAIN);
    }

    @Test
    void agreementsKnowNoChannel() {
        noClasses().that().resideInAPackage("it.pis.gateway.agreement..")
                .should().dependOnClassesThat().resideInAnyPackage("it.pis.gateway.inbound..", "it.pis.gateway.journal..",
                        "it.pis.gateway.staff..", "it.pis.gateway.admin..", "it.pis.gateway.crypto..")
                .check(MAIN);
    }

    @Test
    void cryptoKnowsAgreementsButNoChannel() {
        noClasses().that().resideInAPackage("it.pis.gateway.crypto..")
                .should().dependOnClassesThat().resideInAnyPackage("it.pis.gateway.inbound..", "it.pis.gateway.journal..",
                        "it.pis.gateway.staff..", "it.pis.gateway.admin..", "it.pis.gateway.outbound..")
                .check(MAIN);
    }

    @Test
    void inboundNeverReachesStaffOrOutbound() {
        noClasses().that().resideInAPackage("it.pis.gateway.inbound..")
                .should().dependOnClassesThat().resideInAnyPackage("it.pis.gateway.staff..", "it.pis.gateway.outbound..",
                        "it.pis.gateway.journal..", "it.pis.gateway.admin..")
                .check(MAIN);
    }

    @Test
    void staffReadsReportsOnlyThroughTheJournal() {
        noClasses().that().resideInAPackage("it.pis.gateway.staff..")
                .should().dependOnClassesThat().resideInAnyPackage("it.pis.gateway.inbound..", "it.pis.gateway.admin..")
                .check(MAIN);
    }

    @Test
    void theHandoverModelDependsOnTheReportModelOnly() {
        classes().that().resideInAPackage("it.pis.gateway.handover..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("it.pis.gateway.handover..",
                        "it.pis.gateway.report..", "java..")
                .check(MAIN);
    }

    @Test
    void thePolicyKnowsAgreementsAndModelsButNoChannelNorStore() {
        noClasses().that().resideInAPackage("it.pis.gateway.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("it.pis.gateway.inbound..", "it.pis.gateway.outbound..",
                        "it.pis.gateway.journal..", "it.pis.gateway.staff..", "it.pis.gateway.admin..",
                        "it.pis.gateway.crypto..")
                .check(MAIN);
    }

    @Test
    void outboundNeverReachesInboundStaffOrAdmin() {
        noClasses().that().resideInAPackage("it.pis.gateway.outbound..")
                .should().dependOnClassesThat().resideInAnyPackage("it.pis.gateway.inbound..", "it.pis.gateway.staff..",
                        "it.pis.gateway.admin..")
                .check(MAIN);
    }

    @Test
    void theConsoleActsThroughTheStaffDesksAndTheJournalNeverThroughAChannel() {
        noClasses().that().resideInAPackage("it.pis.gateway.console..")
                .should().dependOnClassesThat().resideInAnyPackage("it.pis.gateway.inbound..", "it.pis.gateway.crypto..",
                        "it.pis.gateway.mllp..", "it.pis.gateway.admin..", "it.pis.gateway.outbound.fhir..",
                        "it.pis.gateway.outbound.hl7v2..", "it.pis.gateway.outbound.json..", "it.pis.gateway.outbound.soap..",
                        "it.pis.gateway.outbound.pec..", "it.pis.gateway.outbound.pdf..", "it.pis.gateway.outbound.segnatura..")
                .check(MAIN);
    }

    @Test
    void nothingButTheConsoleKnowsTheConsole() {
        noClasses().that().resideOutsideOfPackage("it.pis.gateway.console..")
                .should().dependOnClassesThat().resideInAPackage("it.pis.gateway.console..")
                .check(MAIN);
    }
}
