package it.pis.gateway.outbound.pec;

import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.outbound.segnatura.SegnaturaMail;
import it.pis.gateway.receivers.PecProvider;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mail.MailAuthenticator;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/pec-out.yaml on a real Camel context (no Spring) against GreenMail as the centre's PEC
 * provider: what is sent is the journaled message byte for byte, at every attempt; what the SMTP
 * answer does to the delivery.
 */
class PecOutRouteTest {

    static final String CENTRE = "pronto.intervento.sociale@pec.comune.milano.example";
    static final String COURT = "prot.procmin.milano@giustiziacert.example";

    PecProvider provider;
    CamelContext camel;
    ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        provider = new PecProvider(CENTRE).start();
        camel = camel(provider.port(), CENTRE, PecProvider.PASSWORD);
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
        provider.close();
    }

    @Test
    void everyAttemptSendsTheJournaledMessageByteForByteAndIsSent() {
        String id = UUID.randomUUID() + "@pec.comune.milano.example";
        byte[] message = message(id);

        DeliveryResult first = send(attempt(message, id, 1));
        DeliveryResult second = send(attempt(message, id, 2));

        assertThat(first).isInstanceOf(DeliveryResult.Sent.class);
        assertThat(first.detail()).contains("accepted by the PEC provider smtp://127.0.0.1:" + provider.port());
        assertThat(second).isInstanceOf(DeliveryResult.Sent.class);
        assertThat(provider.received()).containsEntry(id, 2);
        // GreenMail keeps the data without the CRLF that precedes the terminating "."
        String sent = new String(message, StandardCharsets.ISO_8859_1).stripTrailing();
        assertThat(provider.bodies(id)).hasSize(2).allSatisfy(body ->
                assertThat(new String(body, StandardCharsets.ISO_8859_1).stripTrailing()).isEqualTo(sent));
        await().untilAsserted(() -> assertThat(provider.receipts()).anySatisfy(r ->
                assertThat(new String(r, StandardCharsets.ISO_8859_1)).contains("X-Ricevuta: accettazione", "<" + id + ">")));
    }

    @Test
    void aPermanentRefusalIsRefusedAndATemporaryOneFailsForARetry() {
        String id = UUID.randomUUID() + "@pec.comune.milano.example";
        provider.mode(PecProvider.Mode.REFUSE_SMTP);
        DeliveryResult refused = send(attempt(message(id), id, 1));
        assertThat(refused).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(refused.detail()).contains("refused the message for good", "550 5.1.1 <" + COURT + ">");
        assertThat(new String(refused.receipt().content(), StandardCharsets.UTF_8)).contains("550");

        provider.mode(PecProvider.Mode.DEFER_SMTP);
        DeliveryResult deferred = send(attempt(message(id), id, 2));
        assertThat(deferred).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(deferred.detail()).contains("deferred the message", "451 4.3.0");
        assertThat(provider.received()).doesNotContainKey(id);
    }

    @Test
    void aProviderThatIsDownOrRefusesTheLoginIsAFailedAttemptNamingTheSettings() throws Exception {
        String id = UUID.randomUUID() + "@pec.comune.milano.example";
        CamelContext wrongPassword = camel(provider.port(), CENTRE, "not-the-password");
        try {
            DeliveryResult result = wrongPassword.createProducerTemplate().requestBody("direct:deliver-pec",
                    attempt(message(id), id, 1), DeliveryResult.class);
            assertThat(result).isInstanceOf(DeliveryResult.Failed.class);
            assertThat(result.detail()).contains("refused the gateway's login (pis.pec.smtp.username, pis.pec.smtp.password)");
        } finally {
            wrongPassword.close();
        }

        int port = provider.port();
        provider.close();
        DeliveryResult down = send(attempt(message(id), id, 2));
        assertThat(down).isInstanceOf(DeliveryResult.Failed.class);
        assertThat(down.detail()).contains("cannot reach the PEC provider smtp://127.0.0.1:" + port);
    }

    DeliveryResult send(DeliveryAttempt attempt) {
        return template.requestBody("direct:deliver-pec", attempt, DeliveryResult.class);
    }

    static DeliveryAttempt attempt(byte[] message, String id, int attempt) {
        return new DeliveryAttempt(UUID.randomUUID(), UUID.randomUUID(), "tribunale-minorenni-milano", null, "pec",
                "segnatura-xml", "mailto:" + COURT, id, "message/rfc822", message, attempt);
    }

    static byte[] message(String id) {
        try {
            return SegnaturaMail.write(new SegnaturaMail.Envelope(new InternetAddress(CENTRE), "Pronto intervento sociale",
                            new InternetAddress(COURT), "Tribunale per i minorenni", "Prot. N. 0000007 del 2026-12-01 – prova",
                            id, Instant.parse("2026-12-01T02:40:12Z")), "Testo di prova àèìòù.",
                    List.of(new SegnaturaMail.File("Segnatura.xml", "application/xml", "<x/>".getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static CamelContext camel(int port, String user, String password) throws Exception {
        PecSettings smtp = new PecSettings("smtp", "smtp", "127.0.0.1", port, false, user, password, 5000);
        CamelContext camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("pis.pec.smtp.protocol", "smtp");
        properties.put("pis.pec.smtp.host", "127.0.0.1");
        properties.put("pis.pec.smtp.port", String.valueOf(port));
        properties.put("pis.pec.smtp.timeout", "5000");
        camel.getPropertiesComponent().setInitialProperties(properties);
        camel.getRegistry().bind("pecTransport", new PecTransport(smtp.server(), Clock.systemUTC()));
        camel.getRegistry().bind("pecSmtpProperties", smtp.javaMailProperties());
        camel.getRegistry().bind("pecSmtpAuthenticator", new MailAuthenticator() {
            @Override
            public jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                return new jakarta.mail.PasswordAuthentication(user, password);
            }
        });
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:routes/pec-out.yaml"));
        camel.start();
        return camel;
    }
}
