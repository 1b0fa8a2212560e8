package it.pis.gateway.admin;

import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.journal.AuditTrail;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar pis-gateway.jar audit verify}: walks the whole audit trail, recomputing every
 * hash, and prints the first broken link. Exit code 0 intact, 1 broken (or the database could not
 * be read), 2 bad usage. The check itself is appended to the trail.
 */
public final class AuditCli {

    public static final String COMMAND = "audit";

    private AuditCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String[] words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toArray(String[]::new);
        if (words.length != 2 || !words[1].equals("verify")) {
            err.println("usage: java -jar pis-gateway.jar audit verify [--spring.profiles.active=production ...]");
            return 2;
        }
        try (CliDatabase database = CliDatabase.open(CliDatabase.settings(args))) {
            return verify(database.audit(), out, err);
        } catch (RuntimeException e) {
            err.println("cannot open the journal database: " + UsersCli.rootMessage(e));
            err.println("  (with the embedded H2 journal, stop the gateway first: one process at a time may open ./data)");
            return 1;
        }
    }

    static int verify(AuditTrail trail, PrintStream out, PrintStream err) {
        AuditTrail.Verification v = trail.verify();
        trail.append(new AuditEntry(CliDatabase.changer().actor(), "cli", "AUDIT_VERIFY", null,
                v.intact() ? AuditEntry.OK : AuditEntry.FAILED, null,
                v.intact() ? v.rows() + " rows intact" : "broken at row " + v.brokenAt() + ": " + v.problem(), null));
        if (v.intact()) {
            out.println("audit trail intact: " + v.rows() + " rows, last row " + v.tipSeq() + " with hash " + v.tipHash());
            return 0;
        }
        err.println("audit trail BROKEN at row " + v.brokenAt() + ": " + v.problem());
        err.println("  (" + v.rows() + " rows read; the last row written was " + v.tipSeq() + " with hash " + v.tipHash() + ")");
        return 1;
    }
}
