package it.pis.gateway.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The production profile generates nothing: the gateway's keys are read from the files it is given. */
class GatewayKeysTest {

    @Test
    void readsTheGeneratedKeyPairAndTrustedCas(@TempDir Path certs) throws Exception {
        DevCertificates.ensure(certs, List.of());

        GatewayKeys keys = new GatewayKeys(certs.resolve("gateway.crt"), certs.resolve("gateway.key"), certs.resolve("dev-ca.crt"));

        assertThat(keys.certificate().getSubjectX500Principal().getName()).contains("CN=localhost");
        assertThat(keys.trustedCas()).singleElement()
                .satisfies(ca -> assertThat(ca.getSubjectX500Principal()).isEqualTo(keys.certificate().getIssuerX500Principal()));
        assertThat(keys.keyStore("x".toCharArray()).isKeyEntry("gateway")).isTrue();
    }

    @Test
    void aMissingFileStopsStartUpNamingTheSettingsAndTheFile(@TempDir Path empty) {
        assertThatThrownBy(() -> new GatewayKeys(empty.resolve("gateway.crt"), empty.resolve("gateway.key"),
                empty.resolve("trusted-cas.pem")))
                .hasMessageContaining("pis.tls.certificate").hasMessageContaining(empty.resolve("gateway.crt").toString());
    }
}
