package it.pis.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What start-up refuses on the staff port, and what it lets through. */
class DeploymentGuardTest {

    static SecuritySettings settings(boolean demoUsers, boolean allowPlainHttp) {
        return new SecuritySettings(demoUsers, true, allowPlainHttp, null, null, null);
    }

    @Test
    void theEmbeddedDefaultOnLoopbackWithDemoUsersStarts() {
        assertThat(DeploymentGuard.problems(false, "127.0.0.1", false, settings(true, false), List.of())).isEmpty();
        assertThat(DeploymentGuard.problems(false, "::1", false, settings(true, false), List.of())).isEmpty();
    }

    @Test
    void demoUsersAreRefusedInProductionAndBeyondLoopback() {
        assertThat(DeploymentGuard.problems(true, "127.0.0.1", false, settings(true, false), List.of()))
                .singleElement().asString().contains("pis.security.demo-users is true in the production profile");
        assertThat(DeploymentGuard.problems(false, "0.0.0.0", true, settings(true, false), List.of()))
                .singleElement().asString().contains("demo users (documented passwords) are for 127.0.0.1 only");
        assertThat(DeploymentGuard.problems(true, "127.0.0.1", false, settings(false, false), List.of("operatore")))
                .singleElement().asString().contains("demo users [operatore] are enabled in this database");
    }

    @Test
    void beyondLoopbackTheStaffPortNeedsTlsOrAProxyThatSaysItHasIt() {
        assertThat(DeploymentGuard.problems(true, "10.1.2.3", false, settings(false, false), List.of()))
                .singleElement().asString().contains("without TLS", "server.ssl.certificate", "pis.security.allow-plain-http");
        assertThat(DeploymentGuard.problems(true, null, false, settings(false, false), List.of()))
                .singleElement().asString().contains("every interface (server.address unset)");
        assertThat(DeploymentGuard.problems(true, "10.1.2.3", true, settings(false, false), List.of())).isEmpty();
        assertThat(DeploymentGuard.problems(true, "10.1.2.3", false, settings(false, true), List.of())).isEmpty();
    }
}
