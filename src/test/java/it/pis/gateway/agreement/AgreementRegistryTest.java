package it.pis.gateway.agreement;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static it.pis.gateway.agreement.AgreementFiles.SAN_CARLO;
import static it.pis.gateway.agreement.AgreementFiles.demo;
import static it.pis.gateway.agreement.AgreementFiles.replacing;
import static it.pis.gateway.agreement.AgreementFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgreementRegistryTest {

    @TempDir
    Path folder;

    private AgreementRegistry registry;

    @BeforeEach
    void startWithSanCarloOnly() {
        write(folder, SAN_CARLO, demo(SAN_CARLO));
        registry = new AgreementRegistry(AgreementFiles.loader(), folder);
    }

    @Test
    void reloadSwapsToTheNewSet() {
        AgreementSet before = registry.current();
        write(folder, "uds-milano", demo("uds-milano"));

        AgreementSet after = registry.reload();

        assertThat(registry.current()).isSameAs(after);
        assertThat(after.all()).extracting(Agreement::id).containsExactlyInAnyOrder(SAN_CARLO, "uds-milano");
        assertThat(before.all()).extracting(Agreement::id).containsExactly(SAN_CARLO);
    }

    @Test
    void reloadSeesAChangedAgreement() {
        write(folder, SAN_CARLO, replacing(demo(SAN_CARLO), "sendingFacility: OSPSANCARLO", "sendingFacility: SANCARLO2"));

        registry.reload();

        assertThat(registry.current().byIdentity("hl7v2-mllp", "sendingFacility", "SANCARLO2")).isPresent();
        assertThat(registry.current().byIdentity("hl7v2-mllp", "sendingFacility", "OSPSANCARLO")).isEmpty();
    }

    @Test
    void invalidReloadThrowsAndKeepsTheOldSetInForce() {
        AgreementSet before = registry.current();
        write(folder, "uds-milano", demo("uds-milano"));
        write(folder, SAN_CARLO, replacing(demo(SAN_CARLO), "kind: hospital", "kind: hotel"));

        InvalidAgreementsException e = assertThrows(InvalidAgreementsException.class, registry::reload);

        assertThat(e.problems()).extracting(AgreementProblem::field).containsExactly("kind");
        assertThat(registry.current()).isSameAs(before);
        assertThat(registry.current().all()).extracting(Agreement::id).containsExactly(SAN_CARLO);
        assertThat(registry.current().byId(SAN_CARLO).orElseThrow().kind()).isEqualTo("hospital");
    }

    @Test
    void invalidFolderAtStartIsRefused() {
        write(folder, "uds-milano", replacing(demo("uds-milano"), "kind: street-unit", "kind: circus"));

        assertThrows(InvalidAgreementsException.class, () -> new AgreementRegistry(AgreementFiles.loader(), folder));
    }
}
