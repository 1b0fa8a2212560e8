package it.pis.gateway.admin;

import it.pis.gateway.agreement.AgreementLoader;
import it.pis.gateway.agreement.InvalidAgreementsException;
import it.pis.gateway.crypto.CertificateFiles;
import it.pis.gateway.crypto.DevCertificates;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code java -jar pis-gateway.jar certs [agreement-folder] [certs-folder]}: generates the
 * development PKI (BouncyCastle) — a CA, the gateway's certificate and a client certificate for every
 * partner an agreement names — where missing, without starting the gateway. The run command does
 * the same at start-up. Development only: production keys are provided, never generated.
 */
public final class CertificatesCli {

    public static final String COMMAND = "certs";

    private CertificatesCli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 3) {
            err.println("usage: java -jar pis-gateway.jar certs [agreement-folder] [certs-folder]   (default: protocols certs)");
            return 2;
        }
        Path agreements = Path.of(args.length > 1 ? args[1] : "protocols");
        Path certs = Path.of(args.length > 2 ? args[2] : "certs");
        DevCertificates.ensure(certs, List.of());
        try {
            // loading with dev generation on issues every certificate an agreement names and lacks
            new AgreementLoader(AgreementCli.PATH_SYNTAXES, List.of(new CertificateFiles(certs, true))).load(agreements);
        } catch (InvalidAgreementsException e) {
            err.println(e.getMessage());
            return 1;
        }
        try (Stream<Path> files = Files.list(certs)) {
            files.map(Path::toString).filter(f -> f.endsWith(".crt")).sorted().forEach(f -> out.println("ok  " + f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("development PKI in " + certs + ": <name>.crt, <name>.key (PKCS#8 PEM), <name>.p12 (password "
                + DevCertificates.DEV_PASSWORD + "); keys are git-ignored, existing files are kept");
        return 0;
    }
}
