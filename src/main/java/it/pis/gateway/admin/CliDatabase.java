package it.pis.gateway.admin;

import it.pis.gateway.agreement.AgreementLoader;
import it.pis.gateway.agreement.AgreementSet;
import it.pis.gateway.journal.AgreementRetention;
import it.pis.gateway.journal.AuditTrail;
import it.pis.gateway.journal.RetentionPeriods;
import it.pis.gateway.journal.RetentionPurge;
import it.pis.gateway.journal.ConfiguredJournalKeys;
import it.pis.gateway.journal.JournalCipher;
import it.pis.gateway.security.Passwords;
import it.pis.gateway.security.SecuritySettings;
import it.pis.gateway.security.StaffUsers;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.util.Arrays;

/**
 * The journal database as the gateway itself sees it (application.yaml, the active profile, the
 * environment: PIS_DB_URL and friends), migrated by Flyway, and nothing else: no broker, no ports,
 * no routes. For the {@code users}, {@code audit}, {@code retention} and {@code rekey} commands. With the embedded H2 the gateway
 * must be stopped first (H2 lets one process open the file); with PostgreSQL it may run.
 */
final class CliDatabase implements AutoCloseable {

    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class, FlywayAutoConfiguration.class})
    @EnableConfigurationProperties(SecuritySettings.class)
    static class Context {
    }

    private final ConfigurableApplicationContext context;

    private CliDatabase(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Opens it; {@code settings} are the command's {@code --name=value} arguments (e.g. --spring.profiles.active=production). */
    static CliDatabase open(String[] settings) {
        return new CliDatabase(new SpringApplicationBuilder(Context.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN", "logging.level.org.flywaydb=WARN")
                .run(settings));
    }

    /** The arguments of a command that are settings ({@code --name=value}), for {@link #open}. */
    static String[] settings(String[] args) {
        return Arrays.stream(args).filter(a -> a.startsWith("--") && a.contains("=")).toArray(String[]::new);
    }

    JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    AuditTrail audit() {
        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
        return new AuditTrail(jdbc(), tx, Clock.systemUTC(), "cli@" + host());
    }

    /** The purge as the gateway configures it: pis.retention.* and the agreements' own periods (pis.agreements.dir). */
    RetentionPurge retentionPurge() {
        var env = context.getEnvironment();
        RetentionPeriods global = new RetentionPeriods(RetentionPeriods.period(env.getProperty("pis.retention.raw-messages")),
                RetentionPeriods.period(env.getProperty("pis.retention.reports")),
                RetentionPeriods.period(env.getProperty("pis.retention.handovers")),
                RetentionPeriods.period(env.getProperty("pis.retention.failed-deliveries")),
                RetentionPeriods.period(env.getProperty("pis.retention.placement-notes")));
        AgreementSet agreements = new AgreementLoader(AgreementCli.PATH_SYNTAXES)
                .load(Path.of(env.getProperty("pis.agreements.dir", "protocols")));
        return new RetentionPurge(jdbc(), env.getProperty("pis.retention.batch", Integer.class, 1000),
                env.getProperty("pis.retention.h2-compact-millis", Integer.class, 10_000), audit(),
                new AgreementRetention(global, () -> List.copyOf(agreements.all())), Clock.systemUTC(), journalCipher(),
                tools.jackson.databind.json.JsonMapper.builder().build());
    }

    /** The journal's cipher with the keys the gateway would use (pis.journal.encryption.*, the active profile). */
    JournalCipher journalCipher() {
        Environment env = context.getEnvironment();
        return new JournalCipher(ConfiguredJournalKeys.resolve(env.getProperty("pis.journal.encryption.keystore", ""),
                env.getProperty("pis.journal.encryption.keystore-password", ""),
                env.getProperty("pis.journal.encryption.keys", ""),
                env.getProperty("pis.journal.encryption.current-key-id", ""),
                env.getProperty("pis.journal.encryption.dev-key", Boolean.class, false),
                Path.of(env.getProperty("pis.data-dir", "./data"))));
    }

    TransactionTemplate tx() {
        return context.getBean(TransactionTemplate.class);
    }

    StaffUsers users() {
        SecuritySettings settings = context.getBean(SecuritySettings.class);
        return new StaffUsers(jdbc(), context.getBean(TransactionTemplate.class), Passwords.encoder(), audit(),
                Clock.systemUTC(), settings.lockout());
    }

    /** Who runs the command, for the audit trail: the operating system's user. */
    static StaffUsers.Changer changer() {
        return new StaffUsers.Changer(System.getProperty("user.name", "unknown"), "cli");
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
