package it.pis.gateway.crypto;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CmsDecryptionTest {

    static final byte[] PLAIN = "{\"narrative\":\"Maria, 34 anni, chiede ospitalità\",\"consent\":true}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path certs;
    static GatewayKeys keys;
    static CmsDecryption cms;

    @BeforeAll
    static void devPki() throws Exception {
        DevCertificates.ensure(certs, List.of());
        keys = new GatewayKeys(certs.resolve("gateway.crt"), certs.resolve("gateway.key"), certs.resolve("dev-ca.crt"));
        cms = new CmsDecryption(keys);
    }

    @Test
    void opensEnvelopedDataWithRsaAndAesCbc() throws Exception {
        assertThat(cms.decrypt(CmsEnvelopes.rsaAesCbc(PLAIN, keys.certificate()))).isEqualTo(PLAIN);
    }

    @Test
    void opensAuthEnvelopedDataWithRsaOaepAndAesGcm() throws Exception {
        assertThat(cms.decrypt(CmsEnvelopes.rsaOaepAesGcm(PLAIN, keys.certificate()))).isEqualTo(PLAIN);
    }

    @Test
    void opensPem() throws Exception {
        String pem = "-----BEGIN CMS-----\n" + Base64.getMimeEncoder().encodeToString(
                CmsEnvelopes.rsaAesCbc(PLAIN, keys.certificate())) + "\n-----END CMS-----\n";
        assertThat(cms.decrypt(pem.getBytes(StandardCharsets.US_ASCII))).isEqualTo(PLAIN);
    }

    @Test
    void refusesABodyForAnotherRecipientNamingTheRecipients() throws Exception {
        DevCertificates.Issued ca = DevCertificates.newCa("Other CA", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1)));
        DevCertificates.Issued other = DevCertificates.issue(ca, "someone-else", Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1)), false);
        assertThatThrownBy(() -> cms.decrypt(CmsEnvelopes.rsaAesCbc(PLAIN, other.certificate())))
                .isInstanceOf(CmsDecryption.Undecryptable.class)
                .hasMessageContaining("not encrypted to the gateway's certificate")
                .hasMessageContaining("CN=Other CA");
    }

    @Test
    void refusesADamagedBody() throws Exception {
        byte[] damaged = CmsEnvelopes.rsaOaepAesGcm(PLAIN, keys.certificate());
        damaged[damaged.length - 20] ^= 0x55; // inside the ciphertext or its tag
        assertThatThrownBy(() -> cms.decrypt(damaged))
                .isInstanceOf(CmsDecryption.Undecryptable.class)
                .hasMessageContaining("cannot be decrypted");
    }

    @Test
    void refusesPlainJson() {
        assertThatThrownBy(() -> cms.decrypt(PLAIN))
                .isInstanceOf(CmsDecryption.Undecryptable.class)
                .hasMessageContaining("not a CMS structure");
    }
}
