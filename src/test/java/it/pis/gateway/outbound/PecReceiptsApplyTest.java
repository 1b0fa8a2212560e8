package it.pis.gateway.outbound;

import it.pis.gateway.Corpus;
import it.pis.gateway.handover.Delivery;
import it.pis.gateway.handover.DeliveryState;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.outbound.pec.PecReceipts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PEC receipts applied to the real outbound journal (H2) and state machine: only forward, the whole
 * receipt kept as evidence, and mail that is not a receipt or names no delivery left alone.
 */
class PecReceiptsApplyTest {

    static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

    final OutboundFixture fixture = new OutboundFixture(Path.of("protocols"));
    final DeliveryOutcomes outcomes = new DeliveryOutcomes(fixture.queue, fixture.agreements,
            new RecipientCircuits(3, Duration.ofMinutes(1)), new RetrySchedule(5, Duration.ofSeconds(1),
            Duration.ofSeconds(2)), Clock.fixed(NOW, ZoneOffset.UTC));
    final PecReceipts receipts = new PecReceipts(fixture.queue, outcomes);

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void accettazioneThenAvvenutaConsegnaAcknowledgeTheDeliveryKeepingTheReceipt() {
        Handover h = fixture.handover(NOW, "tribunale-minorenni-milano");
        String id = delivery(h).messageId();

        PecReceipts.Handled accepted = receipts.apply(receipt("accettazione", "nessuno", id, null));
        assertThat(accepted.applied()).isTrue();
        assertThat(delivery(h).state()).isEqualTo(DeliveryState.SENT);

        byte[] consegna = receipt("avvenuta-consegna", "nessuno", id, null);
        assertThat(receipts.apply(consegna).applied()).isTrue();
        Delivery acknowledged = delivery(h);
        assertThat(acknowledged.state()).isEqualTo(DeliveryState.ACKNOWLEDGED);
        assertThat(acknowledged.receipt().kind()).isEqualTo("PEC avvenuta-consegna");
        assertThat(acknowledged.receipt().length()).isEqualTo(consegna.length);
        assertThat(acknowledged.history()).extracting(Delivery.Event::cause).anySatisfy(c ->
                assertThat(c).startsWith("receipt PEC avvenuta-consegna: avvenuta-consegna: delivered to "));
        assertThat(fixture.journal.receipt(h.id(), "tribunale-minorenni-milano").orElseThrow().content()).isEqualTo(consegna);

        assertThat(receipts.apply(receipt("errore-consegna", "no-dest", id, "5.1.1 late")).applied()).isTrue();
        assertThat(delivery(h).state()).isEqualTo(DeliveryState.ACKNOWLEDGED);
    }

    @Test
    void erroreConsegnaRefusesAndAPreavvisoIsJournaledWithoutChangingTheState() {
        Handover warned = fixture.handover(NOW, "tribunale-minorenni-milano");
        String first = delivery(warned).messageId();
        receipts.apply(receipt("accettazione", "nessuno", first, null));
        receipts.apply(receipt("preavviso-errore-consegna", "nessuno", first, null));
        Delivery stillSent = delivery(warned);
        assertThat(stillSent.state()).isEqualTo(DeliveryState.SENT);
        assertThat(stillSent.history()).last().satisfies(e -> assertThat(e.cause())
                .startsWith("receipt PEC preavviso-errore-consegna: preavviso-errore-consegna: no delivery confirmation"));

        Handover failed = fixture.handover(NOW, "servizi-sociali-milano-municipio-2");
        String second = delivery(failed).messageId();
        receipts.apply(receipt("errore-consegna", "no-dest", second, "5.1.1 - indirizzo non valido"));
        Delivery refused = delivery(failed);
        assertThat(refused.state()).isEqualTo(DeliveryState.REFUSED);
        assertThat(refused.lastError()).contains("errore-consegna (no-dest)", "5.1.1 - indirizzo non valido");
    }

    @Test
    void mailThatIsNotAReceiptOrNamesNoDeliveryIsLeftAlone() throws Exception {
        Handover h = fixture.handover(NOW, "tribunale-minorenni-milano");

        PecReceipts.Handled unknown = receipts.apply(receipt("avvenuta-consegna", "nessuno", "someone-else@pec.example", null));
        assertThat(unknown.applied()).isFalse();
        assertThat(unknown.detail()).contains("someone-else@pec.example");
        Path envelope = Corpus.path("outbound/pec").resolve("posta-certificata.eml");
        assertThat(receipts.apply(Files.readAllBytes(envelope)).applied()).isFalse();
        assertThat(delivery(h).state()).isEqualTo(DeliveryState.QUEUED);
    }

    Delivery delivery(Handover h) {
        return fixture.journal.find(h.id()).orElseThrow().deliveries().get(0);
    }

    static byte[] receipt(String type, String error, String messageId, String extendedError) {
        String daticert = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><postacert tipo=\"" + type + "\" errore=\"" + error
                + "\"><intestazione><mittente>pis@pec.example</mittente></intestazione><dati>"
                + "<gestore-emittente>Gestore di prova</gestore-emittente>"
                + "<data zona=\"+0100\"><giorno>01/12/2026</giorno><ora>04:00:00</ora></data>"
                + "<identificativo>opec.1@pec.example</identificativo><msgid>&lt;" + messageId + "&gt;</msgid>"
                + "<consegna>tribunale@pec.example</consegna>"
                + (extendedError == null ? "" : "<errore-esteso>" + extendedError + "</errore-esteso>")
                + "</dati></postacert>";
        return ("X-Ricevuta: " + type + "\r\nX-Riferimento-Message-ID: <" + messageId + ">\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nricevuta\r\n"
                + "--b\r\nContent-Type: application/xml; name=\"daticert.xml\"\r\n"
                + "Content-Disposition: inline; filename=\"daticert.xml\"\r\n\r\n" + daticert + "\r\n--b--\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
