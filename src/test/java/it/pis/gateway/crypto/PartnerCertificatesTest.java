package it.pis.gateway.crypto;

import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.AgreementLoader;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.crypto.DevCertificates.Issued;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartnerCertificatesTest {

    @TempDir
    static Path certs;
    static PartnerCertificates certificates;
    static Issued ca;

    @BeforeAll
    static void demoAgreementsWithGeneratedCertificates() throws Exception {
        CertificateFiles files = new CertificateFiles(certs, true);
        AgreementLoader loader = new AgreementLoader(List.of(new it.pis.gateway.inbound.hl7v2.Hl7PathSyntax()), List.of(files));
        AgreementRegistry registry = new AgreementRegistry(loader, AgreementFiles.DEMO);
        GatewayKeys keys = new GatewayKeys(certs.resolve("gateway.crt"), certs.resolve("gateway.key"), certs.resolve("dev-ca.crt"));
        certificates = new PartnerCertificates(registry, files, new CertificateTrust(keys.trustedCas(), List.of(), Clock.systemUTC()));
        ca = new Issued(Pem.readCertificate(certs.resolve("dev-ca.crt")), Pem.readPrivateKey(certs.resolve("dev-ca.key")), null);
    }

    @Test
    void theLoaderIssuedEveryNamedCertificateAndTheGatewayKeys() {
        assertThat(certs.resolve("csm-milano-nord.crt")).exists();
        assertThat(certs.resolve("csm-milano-nord.key")).exists();
        assertThat(certs.resolve("csm-milano-nord.p12")).exists();
        assertThat(certs.resolve("gateway.key")).exists();
    }

    @Test
    void aPartnersOwnCertificateAuthenticatesItOnItsChannel() throws Exception {
        assertThat(certificates.authenticate(chain("csm-milano-nord"), "fhir-rest").id()).isEqualTo("csm-milano-nord");
        assertThat(certificates.certificateOf(certificates.authenticate(chain("questura-milano"), "soap"), "soap"))
                .contains(chain("questura-milano")[0]);
    }

    @Test
    void aCertificateOnAChannelItsAgreementDoesNotListIsRefused() {
        assertThatThrownBy(() -> certificates.authenticate(chain("csm-milano-nord"), "soap"))
                .isInstanceOf(CertificateRefused.class)
                .hasMessageContaining("belongs to agreement csm-milano-nord, which may not send on soap");
    }

    @Test
    void noCertificateIsRefused() {
        assertThatThrownBy(() -> certificates.authenticate(new X509Certificate[0], "fhir-rest"))
                .hasMessageContaining("no client certificate presented");
    }

    @Test
    void aTrustedCertificateNoAgreementNamesIsRefused() {
        Issued stranger = DevCertificates.issue(ca, "stranger", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), false);
        assertThatThrownBy(() -> certificates.authenticate(stranger.chain(), "fhir-rest"))
                .hasMessageContaining("CN=stranger").hasMessageContaining("is not named by any agreement");
    }

    @Test
    void expiredAndNotYetValidCertificatesAreRefusedWithTheirDates() {
        Issued expired = DevCertificates.issue(ca, "expired", Instant.now().minus(Duration.ofDays(10)),
                Instant.now().minus(Duration.ofDays(1)), false);
        Issued early = DevCertificates.issue(ca, "early", Instant.now().plus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(10)), false);
        assertThatThrownBy(() -> certificates.authenticate(expired.chain(), "fhir-rest")).hasMessageContaining("expired on");
        assertThatThrownBy(() -> certificates.authenticate(early.chain(), "fhir-rest")).hasMessageContaining("is not valid before");
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedEvenWithTheSameName() {
        Issued otherCa = DevCertificates.newCa("Some other CA", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        Issued impostor = DevCertificates.issue(otherCa, "csm-milano-nord", Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600), false);
        assertThatThrownBy(() -> certificates.authenticate(impostor.chain(), "fhir-rest"))
                .hasMessageContaining("is not issued by a CA the gateway trusts");
    }

    @Test
    void aMissingCertificateFileIsAnAgreementProblemWhenNothingMayBeGenerated() throws Exception {
        Path empty = Files.createTempDirectory("no-certs");
        var problems = new CertificateFiles(empty, false).check(
                AgreementFiles.loader().load(AgreementFiles.DEMO).byId("cav-milano").orElseThrow(), "protocols/cav-milano.yaml");
        assertThat(problems).extracting(Object::toString).containsExactly(
                "protocols/cav-milano.yaml: inbound[0].identity.certificate: " + empty.resolve("cav-milano.crt")
                        + " does not exist (put the partner's certificate there)",
                "protocols/cav-milano.yaml: outbound.certificate: " + empty.resolve("cav-milano.crt")
                        + " does not exist (put the partner's certificate there)");
    }

    private static X509Certificate[] chain(String partner) throws Exception {
        return new X509Certificate[] {Pem.readCertificate(certs.resolve(partner + ".crt")), ca.certificate()};
    }
}
