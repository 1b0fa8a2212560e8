package it.pis.gateway.outbound;

import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.outbound.pec.PecReceipts;
import it.pis.gateway.receivers.PecProvider;
import jakarta.mail.Flags;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.HeaderTerm;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailAuthenticator;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/pec-receipts-in.yaml on a real Camel context (no Spring) reading GreenMail's IMAP mailbox
 * into the real outbound journal (H2): applied receipts are moved to the processed folder; a receipt
 * for a message the gateway did not send stays in the inbox; ordinary mail is never opened.
 */
class PecReceiptsRouteTest {

    static final String CENTRE = "pronto.intervento.sociale@pec.comune.milano.example";
    static final String PROCESSED = "PIS-ricevute-elaborate";

    final OutboundFixture fixture = new OutboundFixture(Path.of("protocols"));
    final PecProvider provider = new PecProvider(CENTRE).start();
    CamelContext camel;

    @AfterEach
    void close() throws Exception {
        if (camel != null) {
            camel.close();
        }
        provider.close();
        fixture.close();
    }

    @Test
    void receiptsAreAppliedAndMovedAndEverythingElseStaysInTheInbox() throws Exception {
        Handover h = fixture.handover(Instant.now(), "tribunale-minorenni-milano");
        String id = fixture.journal.find(h.id()).orElseThrow().deliveries().get(0).messageId();
        provider.deliverToCentre(PecReceiptsApplyTest.receipt("accettazione", "nessuno", id, null));
        provider.deliverToCentre(PecReceiptsApplyTest.receipt("avvenuta-consegna", "nessuno", id, null));
        provider.deliverToCentre(PecReceiptsApplyTest.receipt("avvenuta-consegna", "nessuno", "sent-by-hand@pec.example", null));
        provider.deliverToCentre(("From: cittadino@pec.example\r\nTo: " + CENTRE + "\r\nSubject: richiesta\r\n"
                + "Message-ID: <q-1@pec.example>\r\n\r\nBuongiorno, chiedo informazioni.\r\n").getBytes(StandardCharsets.UTF_8));

        camel = camel();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(fixture.journal.find(h.id()).orElseThrow().deliveries().get(0).state())
                    .isEqualTo(DeliveryState.ACKNOWLEDGED);
            assertThat(provider.messagesIn(PROCESSED)).isEqualTo(2);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(provider.messagesIn("INBOX")).isEqualTo(2));
        assertThat(provider.unreadIn("INBOX")).as("the ordinary mail stays unread for the staff").isEqualTo(1);
    }

    CamelContext camel() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("pis.pec.imap.enabled", "true");
        properties.put("pis.pec.imap.protocol", "imap");
        properties.put("pis.pec.imap.host", "127.0.0.1");
        properties.put("pis.pec.imap.port", String.valueOf(provider.imapPort()));
        properties.put("pis.pec.imap.folder", "INBOX");
        properties.put("pis.pec.imap.processed-folder", PROCESSED);
        properties.put("pis.pec.imap.poll-delay", "200");
        properties.put("pis.pec.imap.timeout", "5000");
        camel.getPropertiesComponent().setInitialProperties(properties);
        DeliveryOutcomes outcomes = new DeliveryOutcomes(fixture.queue, fixture.agreements,
                new RecipientCircuits(3, Duration.ofMinutes(1)), new RetrySchedule(5, Duration.ofSeconds(1),
                Duration.ofSeconds(2)), Clock.systemUTC());
        camel.getRegistry().bind("pecReceipts", new PecReceipts(fixture.queue, outcomes));
        camel.getRegistry().bind("pecImapProperties", new Properties());
        camel.getRegistry().bind("pecReceiptSearch", new AndTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), false),
                new HeaderTerm("X-Ricevuta", "")));
        camel.getRegistry().bind("pecImapAuthenticator", new MailAuthenticator() {
            @Override
            public jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                return new jakarta.mail.PasswordAuthentication(CENTRE, PecProvider.PASSWORD);
            }
        });
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel,
                "file:routes/pec-receipts-in.yaml"));
        camel.start();
        return camel;
    }
}
