package it.pis.gateway.admin;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

import java.io.PrintStream;
import java.util.OptionalInt;

/**
 * The commands the jar runs instead of the gateway ({@code validate}, {@code certs}, {@code users},
 * {@code audit}, {@code retention}, {@code rekey}). They print
 * their own answer; the libraries they load (HAPI's FHIRPath engine, for one) would log their
 * start-up chatter first, and without Spring's configuration nothing quiets it: here only errors do.
 */
public final class Commands {

    private interface Command {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    private Commands() {
    }

    /** @return the exit code when {@code args} name a command, empty when the gateway should start */
    public static OptionalInt run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length > 0 ? args[0] : "";
        Command run = switch (command) {
            case AgreementCli.COMMAND -> AgreementCli::run;
            case CertificatesCli.COMMAND -> CertificatesCli::run;
            case UsersCli.COMMAND -> UsersCli::run;
            case AuditCli.COMMAND -> AuditCli::run;
            case RetentionCli.COMMAND -> RetentionCli::run;
            case RekeyCli.COMMAND -> RekeyCli::run;
            default -> null;
        };
        if (run == null) {
            return OptionalInt.empty();
        }
        LoggingSystem.get(Commands.class.getClassLoader()).setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.ERROR);
        return OptionalInt.of(run.run(args, out, err));
    }
}
