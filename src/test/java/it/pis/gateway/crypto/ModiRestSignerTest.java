package it.pis.gateway.crypto;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementLoader;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.journal.GroupCommit;
import it.pis.gateway.journal.ModiReplayGuard;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway's ModI INTEGRITY_REST_01 signatures, checked twice from outside: by nimbus and the
 * JDK's PKIX validator directly, and by the gateway's own inbound verifier with the gateway posing
 * as a partner whose agreement names gateway.crt (the check every partner running the same rules makes).
 */
class ModiRestSignerTest {

    static final String BODY = "{\"resourceType\":\"Bundle\",\"type\":\"document\"}";
    static final String CONTENT_TYPE = "application/fhir+json";
    static final String URL = "https://fhir.csm-nord.example/fhir/Bundle";

    @TempDir
    static Path dir;
    static GatewayKeys keys;
    static Clock clock;
    static ModiRestSigner signer;
    static SingleConnectionDataSource db;
    static GroupCommit commits;
    static ModiRestIntegrity verifier;
    static Agreement self;

    @BeforeAll
    static void keysAndTheGatewayAsAPartner() throws Exception {
        Path certs = dir.resolve("certs");
        DevCertificates.ensure(certs, List.of());
        keys = new GatewayKeys(certs.resolve("gateway.crt"), certs.resolve("gateway.key"), certs.resolve("dev-ca.crt"));
        clock = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        signer = new ModiRestSigner(keys, "pis-milano", Duration.ofMinutes(5), clock);

        Path agreements = Files.createDirectories(dir.resolve("protocols"));
        Files.writeString(agreements.resolve("gateway-self.yaml"), """
                id: gateway-self
                kind: mental-health
                name: "The gateway, as a partner that checks its signatures"
                legalBasis: "test"
                inbound:
                  - channel: fhir-rest
                    identity: { certificate: gateway.crt, organization: "https://self.example" }
                    requireTls: true
                    modi: INTEGRITY_REST_01
                    accept: [Bundle]
                    mapping:
                      narrative: "Composition.title"
                sharing:
                  fields: [summary]
                  confidentiality: [NORMAL]
                """);
        AgreementRegistry registry = new AgreementRegistry(new AgreementLoader(List.of()), agreements);
        self = registry.current().byId("gateway-self").orElseThrow();
        CertificateTrust trust = new CertificateTrust(keys.trustedCas(), List.of(), clock);
        db = new SingleConnectionDataSource("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "", true);
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        commits = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(db)), 64, 1000, 10_000);
        verifier = new ModiRestIntegrity(new PartnerCertificates(registry, new CertificateFiles(certs, false), trust),
                trust, new ModiReplayGuard(new JdbcTemplate(db), commits, clock), clock, Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    @AfterAll
    static void closeDatabase() throws InterruptedException {
        commits.close();
        db.destroy();
    }

    static Map<String, String> request(ModiRestSigner.Signed signed) {
        Map<String, String> headers = new HashMap<>();
        signed.headers().forEach((name, value) -> headers.put(name.toLowerCase(), value));
        headers.put("content-type", CONTENT_TYPE);
        return headers;
    }

    @Test
    void nimbusVerifiesItWithTheCertificateInX5cWhichChainsToTheDevCa() throws Exception {
        ModiRestSigner.Signed signed = signer.sign(BODY.getBytes(StandardCharsets.UTF_8), CONTENT_TYPE, URL);

        SignedJWT jws = SignedJWT.parse(signed.signature());
        assertThat(jws.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jws.getHeader().getType().getType()).isEqualTo("JWT");
        X509Certificate leaf = X509CertUtils.parse(jws.getHeader().getX509CertChain().get(0).decode());
        assertThat(leaf).isEqualTo(keys.certificate());
        assertThat(jws.verify(new RSASSAVerifier((RSAPublicKey) leaf.getPublicKey()))).isTrue();
        PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(keys.trustedCas().get(0), null)));
        pkix.setRevocationEnabled(false);
        pkix.setDate(Date.from(clock.instant()));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(leaf)), pkix);
    }

    @Test
    void theClaimsNameTheCentreTheEndpointAShortLifeAndBindDigestAndContentType() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        ModiRestSigner.Signed signed = signer.sign(body, CONTENT_TYPE, URL);

        String digest = "SHA-256=" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(signed.digest()).isEqualTo(digest);
        assertThat(signed.headers()).containsOnlyKeys("Digest", "Agid-JWT-Signature");
        JWTClaimsSet claims = SignedJWT.parse(signed.signature()).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("pis-milano");
        assertThat(claims.getSubject()).isEqualTo("pis-milano");
        assertThat(claims.getAudience()).containsExactly(URL);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(clock.instant());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(claims.getJWTID()).isEqualTo(signed.jti());
        assertThat(claims.getClaim("signed_headers")).isEqualTo(List.of(Map.of("digest", digest),
                Map.of("content-type", CONTENT_TYPE)));
    }

    @Test
    void everySignatureHasItsOwnJti() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(signer.sign(body, CONTENT_TYPE, URL).jti()).isNotEqualTo(signer.sign(body, CONTENT_TYPE, URL).jti());
    }

    @Test
    void itPassesTheGatewaysOwnInboundCheckOnceAndAFreshSignatureOfTheSameBodyPassesAgain() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        ModiRestSigner.Signed first = signer.sign(body, CONTENT_TYPE, URL);

        assertThat(verifier.verify(self, "fhir-rest", request(first), body)).isEqualTo(first.jti());
        assertThatThrownBy(() -> verifier.verify(self, "fhir-rest", request(first), body))
                .isInstanceOfSatisfying(ModiRefused.class, e -> assertThat(e.reason()).isEqualTo(ModiRefused.Reason.REPLAYED));
        ModiRestSigner.Signed retry = signer.sign(body, CONTENT_TYPE, URL);
        assertThat(verifier.verify(self, "fhir-rest", request(retry), body)).isEqualTo(retry.jti());
    }

    @Test
    void theInboundCheckRefusesItForAnotherBodyOrAnotherContentType() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        ModiRestSigner.Signed signed = signer.sign(body, CONTENT_TYPE, URL);

        assertThatThrownBy(() -> verifier.verify(self, "fhir-rest", request(signed),
                "{\"resourceType\":\"Bundle\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ModiRefused.class).hasMessageContaining("Digest SHA-256 does not match the body");
        Map<String, String> otherType = request(signer.sign(body, CONTENT_TYPE, URL));
        otherType.put("content-type", "application/json");
        assertThatThrownBy(() -> verifier.verify(self, "fhir-rest", otherType, body))
                .isInstanceOf(ModiRefused.class).hasMessageContaining("signed_headers content-type");
    }

    @Test
    void aBadConfigurationIsNamed() {
        assertThatThrownBy(() -> new ModiRestSigner(keys, " ", Duration.ofMinutes(5), clock))
                .hasMessageContaining("pis.modi.issuer");
        assertThatThrownBy(() -> new ModiRestSigner(keys, "pis", Duration.ZERO, clock))
                .hasMessageContaining("pis.modi.signature-lifetime");
    }
}
