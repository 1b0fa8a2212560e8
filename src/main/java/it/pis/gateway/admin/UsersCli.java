package it.pis.gateway.admin;

import it.pis.gateway.security.Passwords;
import it.pis.gateway.security.StaffRole;
import it.pis.gateway.security.StaffUsers;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code java -jar pis-gateway.jar users <command>}: the staff users in the journal database.
 * <pre>
 *   users add &lt;name&gt; --role OPERATOR [--role ADMIN ...] [--generate-password | --oidc-only]
 *   users list
 *   users disable &lt;name&gt;      users enable &lt;name&gt;
 *   users password &lt;name&gt; [--generate-password]
 *   users roles &lt;name&gt; --role ... (replaces the roles)
 * </pre>
 * A password is never an argument (it would stay in the shell's history and the process list):
 * it is read from the terminal (twice), or one line from standard input, or generated and printed
 * once. Every change is in the audit trail, with the operating system's user as the actor.
 * Exit code 0 done, 1 refused (named), 2 bad usage.
 */
public final class UsersCli {

    public static final String COMMAND = "users";
    static final String USAGE = """
            usage: java -jar pis-gateway.jar users add <name> --role OPERATOR|ADMIN|AUDITOR|METRICS [--role ...] [--generate-password | --oidc-only]
                   java -jar pis-gateway.jar users list
                   java -jar pis-gateway.jar users disable|enable <name>
                   java -jar pis-gateway.jar users password <name> [--generate-password]
                   java -jar pis-gateway.jar users roles <name> --role ... [--role ...]
              a password is read from the terminal, or one line from standard input; never from the command line
              settings such as --spring.profiles.active=production or --pis.data-dir=... select the journal database""";

    /** Where a password comes from when it is not generated. */
    public interface PasswordSource {
        String read(String prompt) throws IOException;
    }

    private UsersCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try (CliDatabase database = CliDatabase.open(CliDatabase.settings(args))) {
            return run(args, database.users(), terminalOrStdin(), out, err);
        } catch (RuntimeException e) {
            err.println("cannot open the journal database: " + rootMessage(e));
            err.println("  (with the embedded H2 journal, stop the gateway first: one process at a time may open ./data)");
            return 1;
        }
    }

    static int run(String[] args, StaffUsers users, PasswordSource passwords, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>();
        Set<StaffRole> roles = EnumSet.noneOf(StaffRole.class);
        boolean generate = false;
        boolean oidcOnly = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--role") && i + 1 < args.length) {
                StaffRole role = StaffRole.of(args[++i]);
                if (role == null) {
                    err.println("'" + args[i] + "' is not a role: one of " + List.of(StaffRole.values()));
                    return 2;
                }
                roles.add(role);
            } else if (a.equals("--generate-password")) {
                generate = true;
            } else if (a.equals("--oidc-only")) {
                oidcOnly = true;
            } else if (a.startsWith("--") && a.contains("=")) {
                continue; // a setting for the database (CliDatabase)
            } else if (a.startsWith("--")) {
                err.println("unknown option " + a + "\n" + USAGE);
                return 2;
            } else {
                words.add(a);
            }
        }
        if (words.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        String command = words.get(0);
        StaffUsers.Changer by = CliDatabase.changer();
        try {
            if (command.equals("list") && words.size() == 1) {
                out.printf("%-24s %-28s %-8s %-10s %s%n", "user", "roles", "enabled", "login", "password changed");
                for (StaffUsers.StaffUser u : users.list()) {
                    out.printf("%-24s %-28s %-8s %-10s %s%n", u.username(), StaffRole.format(u.roles()),
                            u.enabled() ? "yes" : "NO", u.hasPassword() ? "password" : "oidc only",
                            u.passwordChangedAt() == null ? "-" : u.passwordChangedAt())
                            ;
                }
                return 0;
            }
            if (words.size() != 2) {
                err.println(USAGE);
                return 2;
            }
            String name = words.get(1);
            switch (command) {
                case "add" -> {
                    if (roles.isEmpty()) {
                        err.println("give at least one --role\n" + USAGE);
                        return 2;
                    }
                    String password = oidcOnly ? null : password(name, generate, passwords, out);
                    StaffUsers.StaffUser u = users.add(name, password, roles, false, by);
                    out.println("added " + u.username() + " (" + StaffRole.format(u.roles()) + ")"
                            + (oidcOnly ? ", logs in through OIDC only" : ""));
                }
                case "disable", "enable" -> {
                    users.setEnabled(name, command.equals("enable"), by);
                    out.println(name + (command.equals("enable") ? " enabled" : " disabled: it can no longer log in"));
                }
                case "password" -> {
                    users.setPassword(name, password(name, generate, passwords, out), by);
                    out.println("password of " + name + " changed");
                }
                case "roles" -> {
                    if (roles.isEmpty()) {
                        err.println("give at least one --role\n" + USAGE);
                        return 2;
                    }
                    out.println(name + " now " + StaffRole.format(users.setRoles(name, roles, by).roles()));
                }
                default -> {
                    err.println("unknown command '" + command + "'\n" + USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("refused: " + e.getMessage());
            return 1;
        }
    }

    private static String password(String name, boolean generate, PasswordSource passwords, PrintStream out)
            throws IOException {
        if (generate) {
            String password = Passwords.generate();
            out.println("password of " + name + " (shown once, give it to the user over a safe channel): " + password);
            return password;
        }
        String password = passwords.read("password for " + name + " (at least " + Passwords.MIN_LENGTH + " characters): ");
        if (password == null) {
            throw new IllegalArgumentException("no password given (type it, pipe it on standard input,"
                    + " or use --generate-password)");
        }
        return password;
    }

    /** The terminal, asking twice without echo; otherwise one line of standard input. */
    static PasswordSource terminalOrStdin() {
        Console console = System.console();
        if (console != null) {
            return prompt -> {
                char[] first = console.readPassword("%s", prompt);
                char[] again = console.readPassword("again: ");
                if (first == null || again == null || !new String(first).equals(new String(again))) {
                    throw new IllegalArgumentException("the two passwords differ");
                }
                return new String(first);
            };
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return prompt -> in.readLine();
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
