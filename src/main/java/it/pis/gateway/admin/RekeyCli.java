package it.pis.gateway.admin;

import it.pis.gateway.journal.AuditEntry;
import it.pis.gateway.journal.JournalCipher;
import it.pis.gateway.journal.JournalRekey;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar pis-gateway.jar rekey [--batch=500]}: re-encrypts every sealed journal value (raw
 * messages, report bodies, handovers, deliveries' content and receipts, placement notes) not under the current journal key (pis.journal.encryption.current-key-id) with it, a batch
 * per transaction, and prints how many moved; rows stored in plaintext before encryption are sealed
 * too. Afterwards older keys can be removed from pis.journal.encryption.keys. Safe to run again, and
 * beside a running gateway on PostgreSQL. The run is appended to the audit trail. Exit code 0 done,
 * 1 some rows could not be read (named, left as they were) or the database could not be opened,
 * 2 bad usage.
 */
public final class RekeyCli {

    public static final String COMMAND = "rekey";
    static final int DEFAULT_BATCH = 500;

    private RekeyCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String[] words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toArray(String[]::new);
        int batch = batch(args);
        if (words.length != 1 || batch < 1) {
            err.println("usage: java -jar pis-gateway.jar rekey [--batch=500] [--spring.profiles.active=production ...]");
            err.println("  the keys are the gateway's: pis.journal.encryption.keys (PIS_JOURNAL_ENCRYPTION_KEYS) and"
                    + " pis.journal.encryption.current-key-id, old and new key both listed");
            return 2;
        }
        try (CliDatabase database = CliDatabase.open(CliDatabase.settings(args))) {
            JournalCipher cipher = database.journalCipher();
            JournalRekey.Result result = new JournalRekey(database.jdbc(), database.tx(), cipher)
                    .run(batch, problem -> err.println("left as it is: " + problem));
            String summary = result.describe() + " re-encrypted under key '" + cipher.currentKeyId() + "'"
                    + (result.unreadable() == 0 ? "" : "; " + result.unreadable() + " rows unreadable, left as they were");
            database.audit().append(new AuditEntry(CliDatabase.changer().actor(), "cli", "JOURNAL_REKEY", null,
                    result.unreadable() == 0 ? AuditEntry.OK : AuditEntry.FAILED, null, summary, null));
            (result.unreadable() == 0 ? out : err).println(summary);
            return result.unreadable() == 0 ? 0 : 1;
        } catch (RuntimeException e) {
            err.println("cannot re-encrypt the journal: " + UsersCli.rootMessage(e));
            err.println("  (with the embedded H2 journal, stop the gateway first: one process at a time may open ./data)");
            return 1;
        }
    }

    /** {@code --batch=N}, else {@link #DEFAULT_BATCH}; -1 when not a number. */
    static int batch(String[] args) {
        for (String a : args) {
            if (a.startsWith("--batch=")) {
                try {
                    return Integer.parseInt(a.substring("--batch=".length()));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return DEFAULT_BATCH;
    }
}
