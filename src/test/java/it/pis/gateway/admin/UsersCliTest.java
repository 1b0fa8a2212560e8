package it.pis.gateway.admin;

import it.pis.gateway.journal.AuditEvent;
import it.pis.gateway.journal.AuditTrail;
import it.pis.gateway.security.Passwords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users and audit commands against a real embedded journal (H2 file in a temp folder, migrated
 * by Flyway exactly as the gateway's), as an administrator types them.
 */
class UsersCliTest {

    @TempDir
    Path data;
    CliDatabase database;
    final Deque<String> typed = new ArrayDeque<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void open() {
        database = CliDatabase.open(new String[] {"--pis.data-dir=" + data});
    }

    @AfterEach
    void close() {
        database.close();
    }

    int users(String... args) {
        out.reset();
        err.reset();
        return UsersCli.run(args, database.users(), prompt -> typed.poll(), new PrintStream(out, true),
                new PrintStream(err, true));
    }

    @Test
    void addsAUserWithAnArgon2idHashOfThePasswordTypedAndAuditsIt() {
        typed.add("turno-di-notte-42");
        assertThat(users("users", "add", "op.rossi", "--role", "OPERATOR", "--role", "admin")).isEqualTo(0);
        assertThat(text(out)).contains("added op.rossi (OPERATOR,ADMIN)");

        String hash = database.jdbc().queryForObject("SELECT password_hash FROM staff_user WHERE username = 'op.rossi'",
                String.class);
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("turno-di-notte-42");
        assertThat(Passwords.encoder().matches("turno-di-notte-42", hash)).isTrue();
        assertThat(users("users", "list")).isEqualTo(0);
        assertThat(text(out)).containsPattern("op\\.rossi\\s+OPERATOR,ADMIN\\s+yes\\s+password");

        List<AuditEvent> trail = database.audit().search(new AuditTrail.Query(null, "USER_ADD", "op.rossi", null, null, 10));
        assertThat(trail).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(System.getProperty("user.name"));
            assertThat(e.via()).isEqualTo("cli");
            assertThat(e.detail()).contains("roles OPERATOR,ADMIN");
        });
    }

    @Test
    void aPasswordIsNeverTakenFromTheCommandLineAndAShortOneIsRefused() {
        assertThat(users("users", "add", "op.bianchi", "--role", "OPERATOR", "password-on-the-command-line")).isEqualTo(2);
        assertThat(text(err)).contains("usage:");
        typed.add("corta");
        assertThat(users("users", "add", "op.bianchi", "--role", "OPERATOR")).isEqualTo(1);
        assertThat(text(err)).contains("refused: a password needs at least 12 characters");
        assertThat(users("users", "add", "op.bianchi", "--role", "CHIEF")).isEqualTo(2);
        assertThat(text(err)).contains("'CHIEF' is not a role");
        assertThat(database.users().find("op.bianchi")).isEmpty();
    }

    @Test
    void aGeneratedPasswordIsPrintedOnceAndDisableEnablePasswordAndRolesAreAudited() {
        assertThat(users("users", "add", "op.verdi", "--role", "OPERATOR", "--generate-password")).isEqualTo(0);
        String generated = text(out).replaceAll("(?s).*shown once, give it to the user over a safe channel\\): (\\S+).*", "$1");
        assertThat(generated).hasSize(20);
        String hash = database.jdbc().queryForObject("SELECT password_hash FROM staff_user WHERE username = 'op.verdi'",
                String.class);
        assertThat(Passwords.encoder().matches(generated, hash)).isTrue();

        assertThat(users("users", "disable", "op.verdi")).isEqualTo(0);
        assertThat(database.users().find("op.verdi").orElseThrow().enabled()).isFalse();
        assertThat(users("users", "enable", "op.verdi")).isEqualTo(0);
        typed.add("un-altra-password-lunga");
        assertThat(users("users", "password", "op.verdi")).isEqualTo(0);
        assertThat(users("users", "roles", "op.verdi", "--role", "AUDITOR")).isEqualTo(0);
        assertThat(text(out)).contains("op.verdi now AUDITOR");
        assertThat(users("users", "disable", "nessuno")).isEqualTo(1);
        assertThat(text(err)).contains("no user nessuno");

        assertThat(database.audit().search(new AuditTrail.Query(null, null, "op.verdi", null, null, 10)))
                .extracting(AuditEvent::action)
                .containsExactly("USER_ROLES", "USER_PASSWORD", "USER_ENABLE", "USER_DISABLE", "USER_ADD");
        assertThat(database.audit().verify().intact()).isTrue();
    }

    @Test
    void auditVerifySaysIntactThenNamesTheRowSomeoneChanged() {
        typed.add("turno-di-notte-42");
        users("users", "add", "op.neri", "--role", "OPERATOR");
        users("users", "disable", "op.neri");
        assertThat(AuditCli.verify(database.audit(), new PrintStream(out, true), new PrintStream(err, true))).isEqualTo(0);
        assertThat(text(out)).contains("audit trail intact: 2 rows");

        database.jdbc().update("UPDATE audit_event SET actor = 'qualcun-altro' WHERE seq = 1");
        err.reset();
        assertThat(AuditCli.verify(database.audit(), new PrintStream(out, true), new PrintStream(err, true))).isEqualTo(1);
        assertThat(text(err)).contains("audit trail BROKEN at row 1: row 1 was changed after it was written");
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
