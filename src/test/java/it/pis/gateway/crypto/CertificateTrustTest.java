package it.pis.gateway.crypto;

import it.pis.gateway.Corpus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one trust check of TLS clients and message signers, with the WSS4J corpus PKI (CA "Werner"
 * and its CRL): valid, revoked, and a CA without a CRL when revocation is on; a chain that passed
 * is remembered for a while, but never past its expiry.
 */
class CertificateTrustTest {

    static Path keys(String name) {
        return Corpus.path("wss/wss4j/keys/" + name);
    }

    @Test
    void withTheCasCrlAValidCertificatePassesAndARevokedOneIsRefusedAsRevoked() throws Exception {
        CertificateTrust trust = new CertificateTrust(List.of(Pem.readCertificate(keys("wss40CA.pem"))),
                CertificateTrust.readCrls(List.of(keys("wss40CACRL.pem"))), Clock.systemUTC());

        assertThatCode(() -> trust.verify(Pem.readCertificate(keys("wss40.crt")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> trust.verify(Pem.readCertificate(keys("wss40rev.crt"))))
                .isInstanceOf(CertificateRefused.class).hasMessageStartingWith("is revoked");
    }

    @Test
    void withoutCrlsRevocationIsNotChecked() throws Exception {
        CertificateTrust trust = new CertificateTrust(List.of(Pem.readCertificate(keys("wss40CA.pem"))),
                List.of(), Clock.systemUTC());

        assertThatCode(() -> trust.verify(Pem.readCertificate(keys("wss40rev.crt")))).doesNotThrowAnyException();
    }

    @Test
    void withCrlsACertificateWhoseCaHasNoCrlIsRefusedFailClosed() throws Exception {
        DevCertificates.Issued ca = DevCertificates.newCa("CA without CRL", Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        X509Certificate partner = DevCertificates.issue(ca, "partner", Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)), false).certificate();
        CertificateTrust trust = new CertificateTrust(List.of(ca.certificate(), Pem.readCertificate(keys("wss40CA.pem"))),
                CertificateTrust.readCrls(List.of(keys("wss40CACRL.pem"))), Clock.systemUTC());

        assertThatThrownBy(() -> trust.verify(partner)).hasMessageStartingWith("has an unknown revocation status");
    }

    @Test
    void aChainThatPassedIsRememberedButNeverPastItsExpiry() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        DevCertificates.Issued ca = DevCertificates.newCa("Test CA", start.minus(Duration.ofDays(1)),
                start.plus(Duration.ofDays(1)));
        DevCertificates.Issued partner = DevCertificates.issue(ca, "partner", start.minusSeconds(60),
                start.plusSeconds(120), false);
        AtomicReference<Instant> now = new AtomicReference<>(start);
        CertificateTrust trust = new CertificateTrust(List.of(ca.certificate()), List.of(), new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        });

        assertThatCode(() -> trust.verify(partner.certificate(), partner.chain())).doesNotThrowAnyException();
        now.set(start.plusSeconds(119));
        assertThatCode(() -> trust.verify(partner.certificate(), partner.chain())).doesNotThrowAnyException();
        now.set(start.plusSeconds(121));
        assertThatThrownBy(() -> trust.verify(partner.certificate(), partner.chain()))
                .as("remembered for minutes, but not past notAfter").hasMessageStartingWith("expired on");
    }
}
