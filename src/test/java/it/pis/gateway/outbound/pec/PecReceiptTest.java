package it.pis.gateway.outbound.pec;

import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.Corpus;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PEC receipts of the shared corpus (real providers' layouts, synthetic identities), read as the
 * gateway reads its mailbox, with their quirks: errore-consegna's X-Riferimento-Message-ID names
 * another domain than its daticert msgid and its daticert has a stray character; avvenuta-consegna
 * carries the original message (postacert.eml) inside; posta-certificata is an envelope, not a receipt.
 */
class PecReceiptTest {

    static byte[] corpus(String file) throws Exception {
        Path pec = Corpus.path("outbound/pec");
        return Files.readAllBytes(pec.resolve(file));
    }

    @Test
    void accettazioneIsSentNamingTheProviderAndKeepsTheWholeMail() throws Exception {
        byte[] eml = corpus("accettazione.eml");
        PecReceipt receipt = PecReceipt.read(eml);

        assertThat(receipt.type()).isEqualTo("accettazione");
        assertThat(receipt.headerType()).isEqualTo("accettazione");
        assertThat(receipt.messageIds()).containsExactly("SN05IE$951DEC16C1CFD3E4FD8FF1B1D24A99AE@fakepec.it");
        assertThat(receipt.error()).isEqualTo("nessuno");
        DeliveryResult result = PecReceipts.result(receipt).orElseThrow();
        assertThat(result).isInstanceOf(DeliveryResult.Sent.class);
        assertThat(result.detail()).contains("accettazione", "FAKEPEC PEC S.p.A.", "15/11/2024 18:20:38 +0100");
        assertThat(result.receipt().kind()).isEqualTo("PEC accettazione");
        assertThat(result.receipt().contentType()).isEqualTo("message/rfc822");
        assertThat(result.receipt().content()).isEqualTo(eml);
    }

    @Test
    void avvenutaConsegnaIsAcknowledgedFromItsOwnDaticertNotTheAttachedOriginal() throws Exception {
        PecReceipt receipt = PecReceipt.read(corpus("avvenuta-consegna.eml"));

        assertThat(receipt.type()).isEqualTo("avvenuta-consegna");
        assertThat(receipt.messageIds()).containsExactly("CZPXCJRZKQDRVYXFAZYUIAWNACDAAHEVAEXAKN@example.com");
        assertThat(receipt.deliveredTo()).isEqualTo("example.example.com");
        DeliveryResult result = PecReceipts.result(receipt).orElseThrow();
        assertThat(result).isInstanceOf(DeliveryResult.Acknowledged.class);
        assertThat(result.detail()).contains("avvenuta-consegna: delivered to example.example.com at 13/05/2021 14:35:30 +0200");
    }

    @Test
    void erroreConsegnaIsRefusedWithItsErrorAndTriesDaticertsMsgidBeforeTheHeader() throws Exception {
        PecReceipt receipt = PecReceipt.read(corpus("errore-consegna.eml"));

        assertThat(receipt.type()).isEqualTo("errore-consegna");
        assertThat(receipt.messageIds()).containsExactly("SN05IE$951DEC16C1CFD3E4FD8FF1B1D24A99AE@fakepec.it",
                "SN05IE$951DEC16C1CFD3E4FD8FF1B1D24A99AE@pec.it");
        assertThat(receipt.error()).isEqualTo("no-dest");
        DeliveryResult result = PecReceipts.result(receipt).orElseThrow();
        assertThat(result).isInstanceOf(DeliveryResult.Refused.class);
        assertThat(result.detail()).isEqualTo("errore-consegna (no-dest): not delivered to rec@fakepec.it at"
                + " 15/11/2024 18:21:03 +0100 (FAKE PEC S.p.A.): 5.1.1 - FAKE Pec S.p.A. - indirizzo non valido");
    }

    @Test
    void aPostaCertificataEnvelopeIsNotAReceipt() {
        assertThatThrownBy(() -> PecReceipt.read(corpus("posta-certificata.eml")))
                .isInstanceOf(PecReceipt.NotAReceipt.class)
                .hasMessage("a PEC transport envelope (X-Trasporto: posta-certificata), not a receipt");
    }

    @Test
    void anOrdinaryMailAndAReceiptWithoutDaticertAreNotUsableReceipts() {
        assertThatThrownBy(() -> PecReceipt.read(mail("Subject: ciao\r\n", "text/plain", "ciao")))
                .hasMessage("no X-Ricevuta header: not a PEC receipt");
        assertThatThrownBy(() -> PecReceipt.read(mail("X-Ricevuta: accettazione\r\n", "text/plain", "ciao")))
                .hasMessage("X-Ricevuta: accettazione but no daticert.xml part");
    }

    @Test
    void aDaticertWithADoctypeIsRefusedUnread() {
        String hostile = "<?xml version=\"1.0\"?><!DOCTYPE postacert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<postacert tipo=\"accettazione\"><dati><msgid>&x;</msgid></dati></postacert>";
        assertThatThrownBy(() -> PecReceipt.read(withDaticert("accettazione", hostile)))
                .isInstanceOf(PecReceipt.NotAReceipt.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void theOtherTypesOfTheRulesMapAsTheyShould() throws Exception {
        assertThat(PecReceipts.result(PecReceipt.read(withDaticert("non-accettazione", daticert("non-accettazione", "altro")))).orElseThrow())
                .isInstanceOf(DeliveryResult.Refused.class);
        assertThat(PecReceipts.result(PecReceipt.read(withDaticert("rilevazione-virus", daticert("rilevazione-virus", "virus")))).orElseThrow())
                .isInstanceOf(DeliveryResult.Refused.class);
        DeliveryResult warning = PecReceipts.result(PecReceipt.read(withDaticert("preavviso-errore-consegna",
                daticert("preavviso-errore-consegna", "nessuno")))).orElseThrow();
        assertThat(warning).isInstanceOf(DeliveryResult.Sent.class);
        assertThat(warning.detail()).startsWith("preavviso-errore-consegna: no delivery confirmation");
        assertThat(PecReceipts.result(PecReceipt.read(withDaticert("posta-certificata", daticert("posta-certificata", "nessuno")))))
                .isEmpty();
    }

    static String daticert(String type, String error) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><postacert tipo=\"" + type + "\" errore=\"" + error + "\">"
                + "<intestazione><mittente>a@pec.example</mittente></intestazione><dati>"
                + "<gestore-emittente>Gestore di prova</gestore-emittente><identificativo>opec.1@pec.example</identificativo>"
                + "<msgid>&lt;m-1@pec.example&gt;</msgid></dati></postacert>";
    }

    static byte[] withDaticert(String header, String daticert) {
        String boundary = "b-1";
        return ("X-Ricevuta: " + header + "\r\nX-Riferimento-Message-ID: <m-1@pec.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary + "\r\n"
                + "Content-Type: text/plain\r\n\r\nricevuta\r\n--" + boundary + "\r\n"
                + "Content-Type: application/xml; name=\"daticert.xml\"\r\nContent-Disposition: inline; filename=\"daticert.xml\"\r\n\r\n"
                + daticert + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] mail(String headers, String type, String body) {
        return (headers + "MIME-Version: 1.0\r\nContent-Type: " + type + "\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
