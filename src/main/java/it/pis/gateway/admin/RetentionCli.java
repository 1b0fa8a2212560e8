package it.pis.gateway.admin;

import it.pis.gateway.journal.PurgeCounts;
import it.pis.gateway.journal.RetentionPurge;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar pis-gateway.jar retention purge}: the same purge the gateway runs on its schedule
 * (pis.retention.*, each agreement's retention:), audited as the operating system's user via cli,
 * then the space given back: on the embedded H2 the file is rewritten to what is live
 * ({@code SHUTDOWN COMPACT}, so the gateway must be stopped, as for every command on ./data); on
 * PostgreSQL a plain VACUUM, while the gateway runs. Exit code 0 done, 1 failed, 2 bad usage.
 */
public final class RetentionCli {

    public static final String COMMAND = "retention";

    private RetentionCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String[] words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toArray(String[]::new);
        if (words.length != 2 || !words[1].equals("purge")) {
            err.println("usage: java -jar pis-gateway.jar retention purge [--spring.profiles.active=production ...]");
            return 2;
        }
        try (CliDatabase database = CliDatabase.open(CliDatabase.settings(args))) {
            return purge(database.retentionPurge(), out);
        } catch (RuntimeException e) {
            err.println("retention purge failed: " + UsersCli.rootMessage(e));
            err.println("  (with the embedded H2 journal, stop the gateway first: one process at a time may open ./data)");
            return 1;
        }
    }

    static int purge(RetentionPurge purge, PrintStream out) {
        PurgeCounts counts = purge.purge(CliDatabase.changer().actor(), "cli");
        out.println("purged: " + counts.describe());
        out.println("space: " + purge.shutdownCompact());
        return 0;
    }
}
