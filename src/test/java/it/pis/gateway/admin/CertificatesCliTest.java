package it.pis.gateway.admin;

import it.pis.gateway.crypto.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CertificatesCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void generatesTheCaTheGatewayAndEveryPartnerCertificateTheDemoAgreementsName(@TempDir Path certs) throws Exception {
        int code = run("certs", "protocols", certs.toString());

        assertThat(code).isZero();
        for (String name : new String[] {"dev-ca", "gateway", "ospedale-san-carlo", "questura-milano", "csm-milano-nord",
                "serd-milano-centro", "casa-accoglienza-san-martino", "cav-milano", "uds-milano"}) {
            assertThat(certs.resolve(name + ".crt")).exists();
            assertThat(certs.resolve(name + ".key")).exists();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("ok  " + certs.resolve(name + ".crt"));
        }
        assertThat(certs.resolve("questura-milano.p12")).exists();
        assertThat(Pem.readCertificate(certs.resolve("questura-milano.crt")).getIssuerX500Principal())
                .isEqualTo(Pem.readCertificate(certs.resolve("dev-ca.crt")).getSubjectX500Principal());
        assertThat(Files.getPosixFilePermissions(certs.resolve("dev-ca.key"))).hasSize(2);
    }

    @Test
    void existingCertificatesAreKept(@TempDir Path certs) throws Exception {
        run("certs", "protocols", certs.toString());
        byte[] before = Files.readAllBytes(certs.resolve("cav-milano.crt"));

        run("certs", "protocols", certs.toString());

        assertThat(Files.readAllBytes(certs.resolve("cav-milano.crt"))).isEqualTo(before);
    }

    @Test
    void anInvalidAgreementFolderExitsOne(@TempDir Path certs) {
        assertThat(run("certs", certs.resolve("missing").toString(), certs.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("agreement folder does not exist");
    }

    private int run(String... args) {
        return CertificatesCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
