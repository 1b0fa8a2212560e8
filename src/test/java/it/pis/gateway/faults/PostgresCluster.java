package it.pis.gateway.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import static it.pis.gateway.faults.FaultsEnvironment.POSTGRES_BIN;
import static it.pis.gateway.faults.FaultsEnvironment.run;

/**
 * A throw-away PostgreSQL 15 cluster of the fault suite's own (initdb into a temporary folder, a
 * free port, trust authentication on 127.0.0.1), so that stopping it is a real database stop that
 * leaves the shared cluster on 5432 alone.
 */
final class PostgresCluster implements AutoCloseable {

    final Path folder;
    final int port;

    private PostgresCluster(Path folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    static PostgresCluster create(int port) throws Exception {
        Path folder = Files.createTempDirectory("pis-faults-pg-");
        run(List.of("chown", "postgres:postgres", folder.toString()));
        PostgresCluster cluster = new PostgresCluster(folder, port);
        cluster.asPostgres("initdb", "-D", cluster.data(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        cluster.start();
        try (Connection c = DriverManager.getConnection(cluster.url("postgres"), "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE pis");
        }
        return cluster;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void start() throws Exception {
        asPostgres("pg_ctl", "-D", data(), "-l", folder.resolve("postgres.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c max_connections=200"
                        // each log line starts with its Unix time in milliseconds and a colon (readyAtMillis)
                        + " -c log_line_prefix=%n:", "start");
    }

    /** The last lines of PostgreSQL's log. */
    String logTail(int lines) throws Exception {
        List<String> all = logLines();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * When PostgreSQL last said it accepts connections, from its own log; -1 when the log does not say.
     * It takes connections (and commits) a moment before {@code pg_ctl start -w} returns, which on a
     * loaded machine was once many seconds later.
     */
    long readyAtMillis() throws Exception {
        List<String> lines = logLines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.contains("database system is ready to accept connections") && line.indexOf(':') > 0) {
                return Math.round(Double.parseDouble(line.substring(0, line.indexOf(':'))) * 1000);
            }
        }
        return -1;
    }

    private List<String> logLines() throws Exception {
        return Files.readAllLines(folder.resolve("postgres.log"));
    }

    /** pg_ctl stop -m fast: open sessions are ended, their transactions rolled back. */
    void stop() throws Exception {
        asPostgres("pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    @Override
    public void close() throws Exception {
        try {
            asPostgres("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
        } catch (Exception alreadyStopped) {
            // stopped by a case that failed half-way, or never started
        }
        run(List.of("rm", "-rf", folder.toString()));
    }

    private String data() {
        return folder.resolve("data").toString();
    }

    private void asPostgres(String binary, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("runuser", "-u", "postgres", "--",
                POSTGRES_BIN.resolve(binary).toString()));
        command.addAll(List.of(args));
        run(command);
    }
}
