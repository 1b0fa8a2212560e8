package it.pis.gateway;

import it.pis.gateway.admin.Commands;
import it.pis.gateway.health.SigtermDuringStartup;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The PIS gateway. {@code java -jar pis-gateway.jar} runs it; {@code java -jar pis-gateway.jar
 * validate [folder]} only checks a folder of agreements and exits (0 valid, 1 invalid);
 * {@code java -jar pis-gateway.jar certs} generates the development PKI and exits;
 * {@code users ...} manages the staff users and {@code audit verify} checks the audit trail's chain.
 */
@SpringBootApplication
public class PisGatewayApplication {

    public static void main(String[] args) {
        OptionalInt command = Commands.run(args, System.out, System.err);
        if (command.isPresent()) {
            System.exit(command.getAsInt());
        }
        SpringApplication gateway = new SpringApplication(PisGatewayApplication.class);
        gateway.addListeners(new SigtermDuringStartup(Duration.ofSeconds(10)));
        gateway.run(args);
    }
}
