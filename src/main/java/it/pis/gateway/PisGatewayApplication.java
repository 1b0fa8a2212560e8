package it.pis.gateway;

import it.pis.gateway.admin.AgreementCli;
import it.pis.gateway.admin.AuditCli;
import it.pis.gateway.admin.CertificatesCli;
import it.pis.gateway.admin.UsersCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The PIS gateway. {@code java -jar pis-gateway.jar} runs it; {@code java -jar pis-gateway.jar
 * validate [folder]} only checks a folder of agreements and exits (0 valid, 1 invalid);
 * {@code java -jar pis-gateway.jar certs} generates the development PKI and exits;
 * {@code users ...} manages the staff users and {@code audit verify} checks the audit trail's chain.
 */
@SpringBootApplication
public class PisGatewayApplication {

    public static void main(String[] args) {
        if (args.length > 0 && AgreementCli.COMMAND.equals(args[0])) {
            System.exit(AgreementCli.run(args, System.out, System.err));
        }
        if (args.length > 0 && CertificatesCli.COMMAND.equals(args[0])) {
            System.exit(CertificatesCli.run(args, System.out, System.err));
        }
        if (args.length > 0 && UsersCli.COMMAND.equals(args[0])) {
            System.exit(UsersCli.run(args, System.out, System.err));
        }
        if (args.length > 0 && AuditCli.COMMAND.equals(args[0])) {
            System.exit(AuditCli.run(args, System.out, System.err));
        }
        SpringApplication.run(PisGatewayApplication.class, args);
    }
}
