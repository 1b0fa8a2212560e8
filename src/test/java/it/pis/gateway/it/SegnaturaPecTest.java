package it.pis.gateway.it;

import it.pis.gateway.outbound.SegnaturaWire;
import it.pis.gateway.outbound.segnatura.SegnaturaSchema;
import it.pis.gateway.receivers.PecProvider;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * segnatura-xml over PEC, from outside: a handover posted to the staff API reaches the social
 * services and the juvenile court through the centre's PEC provider (GreenMail, {@link PecProvider}),
 * whose receipts, read back from the centre's mailbox by IMAP, move each delivery to SENT,
 * ACKNOWLEDGED or REFUSED. What arrived is checked as the recipients would: the Segnatura against
 * the AgID schema, its Impronte against the files, the .p7m with openssl and BouncyCastle.
 */
class SegnaturaPecTest extends PecDeliveries {

    static final String SOCIAL = "servizi-sociali-milano-municipio-2";
    static final String COURT = "tribunale-minorenni-milano";
    static final String SOCIAL_PEC = "servizisociali.municipio2@pec.comune.milano.example";
    static final String COURT_PEC = "prot.procmin.milano@giustiziacert.example";

    @Test
    void bothRecipientsAreSentThenAcknowledgedByTheirDeliveryReceipts() throws Exception {
        String handover = postHandover(hospitalReport("Ferrari"), SOCIAL, COURT);

        Map<String, JsonNode> deliveries = awaitStates(handover, "ACKNOWLEDGED", SOCIAL, COURT);
        for (String recipient : new String[] {SOCIAL, COURT}) {
            JsonNode delivery = deliveries.get(recipient);
            assertThat(delivery.path("receipt").path("kind").asString()).isEqualTo("PEC avvenuta-consegna");
            assertThat(delivery.path("history").toString()).contains("\"state\":\"SENT\"",
                    "receipt PEC accettazione", "receipt PEC avvenuta-consegna");
            String messageId = delivery.path("messageId").asString();
            assertThat(PEC.received()).containsEntry(messageId, 1);

            HttpResponse<byte[]> receipt = getBytes("/api/handovers/" + handover + "/deliveries/" + recipient + "/receipt");
            assertThat(receipt.headers().firstValue("Content-Type")).hasValue("message/rfc822");
            assertThat(new String(receipt.body(), StandardCharsets.ISO_8859_1))
                    .contains("X-Ricevuta: avvenuta-consegna", "X-Riferimento-Message-ID: <" + messageId + ">");
            byte[] content = getBytes("/api/handovers/" + handover + "/deliveries/" + recipient + "/content").body();
            assertThat(new String(PEC.bodies(messageId).get(0), StandardCharsets.ISO_8859_1).stripTrailing())
                    .isEqualTo(new String(content, StandardCharsets.ISO_8859_1).stripTrailing());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> PEC.messagesIn("PIS-ricevute-elaborate") >= 4);
    }

    @Test
    void whatTheCourtReceivesValidatesAndItsSealedPdfVerifiesWithOpensslAndBouncyCastle() throws Exception {
        String handover = postHandover(hospitalReport("Colombo"), COURT);
        JsonNode delivery = awaitStates(handover, "ACKNOWLEDGED", COURT).get(COURT);
        byte[] message = PEC.bodies(delivery.path("messageId").asString()).get(0);

        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
        assertThat(mail.getFrom()[0].toString()).contains("pronto.intervento.sociale@pec.comune.milano.example");
        assertThat(mail.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString()).contains(COURT_PEC);
        assertThat(mail.getSubject()).matches("Prot\\. N\\. \\d{7} del \\d{4}-\\d{2}-\\d{2} – Documento di sintesi.*");
        assertThat(mail.getMessageID()).isEqualTo("<" + delivery.path("messageId").asString() + ">")
                .startsWith("<" + delivery.path("id").asString() + "@");
        Map<String, byte[]> files = files(mail);
        assertThat(files).containsKeys("documento-sintesi.pdf.p7m", "Segnatura.xml", "verbale-affidamento.txt");

        byte[] segnatura = files.get("Segnatura.xml");
        assertThat(SegnaturaSchema.problems(segnatura)).isEmpty();
        Element primary = (Element) SegnaturaSchema.parse(segnatura)
                .getElementsByTagNameNS("http://www.agid.gov.it/protocollo/", "DocumentoPrimario").item(0);
        assertThat(primary.getElementsByTagNameNS("http://www.agid.gov.it/protocollo/", "Impronta").item(0).getTextContent())
                .isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(files.get("documento-sintesi.pdf.p7m"))));
        assertThat(new String(segnatura, StandardCharsets.UTF_8)).contains("<prot:Riservato", "prot:nomeFile=\"verbale-affidamento.txt\"");

        byte[] pdf = SegnaturaWire.verifiedContent(files.get("documento-sintesi.pdf.p7m"));
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(opensslVerify(files.get("documento-sintesi.pdf.p7m"))).isEqualTo(pdf);
        assertThat(SegnaturaWire.pdfText(pdf)).contains("Colombo");
        assertThat(String.join("\n", SegnaturaWire.text(message))).contains("Colombo", "Accolto in struttura", "Prot. N. ");
    }

    @Test
    void aDeliveryErrorReceiptRefusesTheDeliveryAndAcceptanceAloneLeavesItSent() throws Exception {
        PEC.mode(SOCIAL_PEC, PecProvider.Mode.FAIL_DELIVERY);
        PEC.mode(COURT_PEC, PecProvider.Mode.ACCEPT_ONLY);
        try {
            String handover = postHandover(hospitalReport("Greco"), SOCIAL, COURT);

            JsonNode refused = awaitStates(handover, "REFUSED", SOCIAL).get(SOCIAL);
            assertThat(refused.path("lastError").asString()).contains("errore-consegna (no-dest)", "indirizzo non valido");
            assertThat(refused.path("receipt").path("kind").asString()).isEqualTo("PEC errore-consegna");
            JsonNode sent = awaitStates(handover, "SENT", COURT).get(COURT);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(delivery(handover, COURT)
                    .path("receipt").path("kind").asString()).isEqualTo("PEC accettazione"));
            assertThat(sent.path("attempts").asInt()).isEqualTo(1);
        } finally {
            PEC.mode(SOCIAL_PEC, null);
            PEC.mode(COURT_PEC, null);
        }
    }

    static Map<String, byte[]> files(MimeMessage mail) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MimeMultipart mixed = (MimeMultipart) mail.getContent();
        for (int i = 0; i < mixed.getCount(); i++) {
            BodyPart part = mixed.getBodyPart(i);
            if (part.getFileName() != null) {
                files.put(part.getFileName(), part.getInputStream().readAllBytes());
            }
        }
        return files;
    }

    /** openssl, as a recipient would run it: verify the .p7m against the development CA and write out its content. */
    static byte[] opensslVerify(byte[] p7m) throws Exception {
        Path in = Files.createTempFile("documento-sintesi-", ".pdf.p7m");
        Path out = Files.createTempFile("documento-sintesi-", ".pdf");
        Files.write(in, p7m);
        Process openssl = new ProcessBuilder("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", in.toString(),
                "-CAfile", CERTS.resolve("dev-ca.crt").toString(), "-purpose", "any", "-out", out.toString())
                .redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as("openssl cms -verify: " + said).isZero();
        assertThat(said).contains("Verification successful");
        return Files.readAllBytes(out);
    }
}
