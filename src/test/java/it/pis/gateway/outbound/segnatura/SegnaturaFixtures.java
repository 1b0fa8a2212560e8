package it.pis.gateway.outbound.segnatura;

import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.journal.GroupCommit;
import it.pis.gateway.journal.ProtocolRegister;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/** A development PKI in a temp folder and a Segnatura about a realistic handover, for tests without Spring. */
public final class SegnaturaFixtures {

    public static final HandoverDocument.Party CENTRE = new HandoverDocument.Party("pis-milano",
            "Pronto intervento sociale – Comune di Milano", "pis-centre", "c_f205", "AOO_PIS", "REG_PIS",
            "pronto.intervento.sociale@pec.comune.milano.example");

    private static ProtocolRegister register;

    private SegnaturaFixtures() {
    }

    /** The protocol register on an in-memory H2 (the real migrations), one for the whole test JVM. */
    public static synchronized ProtocolRegister register() {
        if (register == null) {
            SingleConnectionDataSource db = new SingleConnectionDataSource("jdbc:h2:mem:segnatura-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", true);
            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
            GroupCommit commits = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(db)), 64, 1000, 10_000);
            register = new ProtocolRegister(new JdbcTemplate(db), commits, ZoneId.of("Europe/Rome"));
        }
        return register;
    }

    /** The gateway's keys of a fresh development PKI (CA, gateway) in {@code folder}. */
    public static GatewayKeys keys(Path folder) {
        DevCertificates.ensure(folder, List.of());
        return new GatewayKeys(folder.resolve("gateway.crt"), folder.resolve("gateway.key"), folder.resolve("dev-ca.crt"));
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("pis-segnatura-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Segnatura segnatura(String reserved, byte[] primary, byte[] attachment) {
        return new Segnatura(
                new Segnatura.Registration("c_f205", "AOO_PIS", "REG_PIS", 123,
                        ZonedDateTime.of(2026, 12, 1, 3, 40, 12, 0, ZoneId.of("Europe/Rome"))),
                "Documento di sintesi dell'intervento di pronto intervento sociale",
                new Segnatura.Classification("VII.9", "Servizi alla persona – Prevenzione, recupero e reintegrazione dei soggetti a rischio"),
                reserved, CENTRE,
                new Segnatura.Recipient("Servizio sociale professionale territoriale – Municipio 2",
                        "servizisociali.municipio2@pec.comune.milano.example"),
                new Segnatura.Document("documento-sintesi.pdf.p7m", "application/pkcs7-mime",
                        "Documento di sintesi dell'intervento", primary, true),
                attachment == null ? List.of() : List.of(new Segnatura.Document("verbale.txt", "text/plain",
                        "verbale.txt", attachment, false)));
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
