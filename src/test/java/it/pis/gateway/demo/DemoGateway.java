package it.pis.gateway.demo;

import it.pis.gateway.PisGatewayApplication;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.receivers.FhirReceiver;
import it.pis.gateway.receivers.JsonReceiver;
import it.pis.gateway.receivers.MllpReceiver;
import it.pis.gateway.receivers.PecProvider;
import it.pis.gateway.receivers.SoapReceiver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway on its embedded default, plus local receivers standing in for the partners of the
 * demo agreements, so that a newcomer sees a handover leave and come back acknowledged:
 * {@code mvn -Pdemo spring-boot:test-run}. The receivers are the ones the tests deliver to (HAPI's
 * MLLP server, an HTTPS FHIR endpoint that checks the ModI signature, a CXF service that checks
 * WS-Security, JSON endpoints that open the CMS envelope, a GreenMail PEC provider that answers with
 * PEC receipts); the demo agreements' endpoints point at them through {@code pis.outbound.endpoints.*},
 * the PEC account at the provider through {@code pis.pec.*}. They live in the test sources, so a production jar
 * never carries a fake partner.
 */
public final class DemoGateway {

    private DemoGateway() {
    }

    public static void main(String[] args) {
        Path certs = Path.of(System.getProperty("pis.tls.certs-dir", "certs"));
        DevCertificates.ensure(certs, List.of("cav-milano.crt"));
        List<AutoCloseable> receivers = new ArrayList<>();
        Map<String, String> endpoints = new LinkedHashMap<>();

        MllpReceiver hospital = keep(receivers, new MllpReceiver().start());
        endpoints.put("ospedale-san-carlo", hospital.endpoint());
        FhirReceiver csm = keep(receivers, new FhirReceiver(certs, 0, true).start());
        endpoints.put("csm-milano-nord", csm.base());
        FhirReceiver serd = keep(receivers, new FhirReceiver(certs, 0, true).start());
        endpoints.put("serd-milano-centro", serd.base());
        SoapReceiver police = keep(receivers, new SoapReceiver(certs, 0).start());
        endpoints.put("questura-milano", police.url());
        JsonReceiver cav = keep(receivers, new JsonReceiver(certs, "json/handover.schema.json", "cav-milano", 0).start());
        endpoints.put("cav-milano", cav.url("/pis/handover"));
        JsonReceiver shelter = keep(receivers, new JsonReceiver(certs, "json/placement-request.schema.json", null, 0).start());
        endpoints.put("casa-accoglienza-san-martino", shelter.url("/pis/placements"));

        // the social services and the court keep their mailto: endpoints; the centre's PEC provider is local
        PecProvider pec = keep(receivers, new PecProvider(System.getProperty("pis.centre.email",
                "pronto.intervento.sociale@pec.comune.milano.example")).start());
        for (String side : List.of("smtp", "imap")) {
            System.setProperty("pis.pec." + side + ".protocol", side);
            System.setProperty("pis.pec." + side + ".host", "127.0.0.1");
            System.setProperty("pis.pec." + side + ".port", String.valueOf(side.equals("smtp") ? pec.port() : pec.imapPort()));
            System.setProperty("pis.pec." + side + ".username", pec.centre());
            System.setProperty("pis.pec." + side + ".password", PecProvider.PASSWORD);
        }
        System.setProperty("pis.pec.imap.enabled", "true");
        System.setProperty("pis.pec.imap.poll-delay", "2000");
        endpoints.put("(PEC provider: SMTP, IMAP)", "smtp://127.0.0.1:" + pec.port() + ", imap://127.0.0.1:" + pec.imapPort());

        endpoints.forEach((agreement, endpoint) -> {
            if (!agreement.startsWith("(")) {
                System.setProperty("pis.outbound.endpoints." + agreement, endpoint);
            }
        });
        System.out.println("\nDemo receivers (mvn -Pdemo spring-boot:test-run) stand in for the demo partners:");
        endpoints.forEach((agreement, endpoint) -> System.out.printf("  %-36s %s%n", agreement, endpoint));
        System.out.println();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> receivers.forEach(DemoGateway::closeQuietly)));
        PisGatewayApplication.main(args);
    }

    private static <T extends AutoCloseable> T keep(List<AutoCloseable> receivers, T receiver) {
        receivers.add(receiver);
        return receiver;
    }

    private static void closeQuietly(AutoCloseable receiver) {
        try {
            receiver.close();
        } catch (Exception e) {
            System.err.println("demo receiver did not close: " + e);
        }
    }
}
