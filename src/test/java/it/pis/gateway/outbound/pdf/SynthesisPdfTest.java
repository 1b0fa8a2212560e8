package it.pis.gateway.outbound.pdf;

import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.SampleHandovers;
import it.pis.gateway.report.Confidentiality;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static it.pis.gateway.outbound.SampleHandovers.document;
import static org.assertj.core.api.Assertions.assertThat;

/** The documento di sintesi read back by PDFBox's own text extraction, as a recipient's viewer would show it. */
class SynthesisPdfTest {

    final SynthesisPdf pdf = new SynthesisPdf(ZoneId.of("Europe/Rome"));

    @Test
    void everySectionTheDocumentCarriesIsThereInItalianWithRomeTimes() throws Exception {
        String text = text(pdf.render(SampleHandovers.full()));

        assertThat(text).contains("Documento di sintesi dell'intervento", "RISERVATO",
                "Ospedale San Carlo Borromeo – Pronto soccorso e servizio sociale ospedaliero",
                "Pronto intervento sociale – Comune di Milano", "26/11/2026 ore 03:47 (Europe/Rome)",
                "op.bianchi (Giulia Bianchi, assistente sociale)", SampleHandovers.HANDOVER.toString(),
                "Persona", "D’Amato", "Nicolò", "14/03/1958", "circa 68 anni", "Maschile", "Codice fiscale",
                "DMTNCL58C14F205R",
                "Sintesi dell'intervento", "Valutazione professionale", "lunedì",
                "Azioni svolte", "Colloquio sul posto; forniti tè caldo e coperta termica.", "26/11/2026 ore 02:10",
                "Interventi attivati", "Pronta accoglienza notturna (codice A1.03)",
                "dal 26/11/2026 ore 03:00 al 30/11/2026 ore 08:00",
                "Collocazione", "Casa di accoglienza San Martino, via Ponzio 12", "PL-2026-0457",
                "Progetto di aiuto urgente", "Obiettivi", "Azioni da svolgere", "Presa di contatto con il CPS di zona",
                "Responsabile: Pronto intervento sociale", "Entro il: 28/11/2026",
                "Segnalazioni all'autorità giudiziaria", "Procura della Repubblica presso il Tribunale di Milano",
                "Riferimento: prot. 2026/PIS/0457",
                "Bisogni rilevati", "orientamento sanitario", "Descrizione della situazione", "«un signore anziano",
                "Luogo", "Piazzale Loreto, portici lato corso Buenos Aires", "015146", "45.485700, 9.216000",
                "Contatto", "Chiara Fumagalli (unità di strada)", "+39 02 8845 1234", "Cooperativa Farsi Prossimo",
                "Allegati", "relazione-unita-di-strada.txt", "text/plain");
        assertThat(normalised(text)).contains(normalised(SampleHandovers.SUMMARY), normalised(SampleHandovers.GOALS));
    }

    @Test
    void accentedItalianAndTypographicQuotesComeBackAsWritten() throws Exception {
        String italian = "àèéìòù ÀÈÉÌÒÙ perché l’unità è già lì – «così» … €";
        String text = text(pdf.render(summaryOnly(italian)));

        assertThat(text).contains(italian);
    }

    @Test
    void fieldsTheDocumentDoesNotCarryAreAbsentHeadingsIncluded() throws Exception {
        String text = text(pdf.render(SampleHandovers.forHospital()));

        assertThat(text).contains("Persona", "D’Amato", "DMTNCL58C14F205R", "Sintesi dell'intervento",
                "Azioni svolte", "Progetto di aiuto urgente");
        assertThat(text).doesNotContain("Sesso", "Maschile", "circa 68 anni", "Cittadinanza", "Lingua",
                "Valutazione professionale", "lunedì", "Interventi attivati", "Collocazione", "San Martino, via Ponzio",
                "Segnalazioni all'autorità", "Procura", "Bisogni rilevati", "pasto caldo", "Descrizione della situazione",
                "passante", "Luogo", "Piazzale Loreto", "Contatto", "Fumagalli", "8845", "Allegati", "relazione-unita");
    }

    @Test
    void theWithheldListIsNeverPrinted() throws Exception {
        HandoverDocument d = SampleHandovers.forHospital();
        HandoverDocument withWithheld = new HandoverDocument(d.handoverId(), d.deliveryId(), d.createdAt(), d.author(),
                d.confidentiality(), d.sender(), d.recipient(), d.person(), d.location(), d.needs(), d.narrative(),
                d.contact(), d.summary(), d.assessment(), d.actions(), d.interventions(), d.placement(),
                d.urgentHelpProject(), d.judicialNotices(), d.attachments(), d.shared(),
                List.of(new HandoverDocument.Withheld("location", "violence victim's case: location never leaves")));

        assertThat(text(pdf.render(withWithheld))).doesNotContain("violence", "location", "Luogo");
    }

    @Test
    void longTextWrapsInsideTheMarginsAndBreaksOntoNumberedPages() throws Exception {
        StringBuilder summary = new StringBuilder();
        for (int i = 1; summary.length() < 19_000; i++) {
            summary.append("Frase numero ").append(i).append(" del lungo resoconto dell’operatrice, con qualche parola in più. ");
            if (i % 12 == 0) {
                summary.append("\n\n");
            }
        }
        summary.append("https://esempio.invalid/").append("x".repeat(400));
        byte[] bytes = pdf.render(summaryOnly(summary.toString()));

        try (PDDocument document = Loader.loadPDF(bytes)) {
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThan(3);
            Bounds bounds = new Bounds();
            bounds.getText(document);
            PDPage first = document.getPage(0);
            assertThat(bounds.maxRight).isLessThanOrEqualTo(first.getMediaBox().getWidth() - 50f);
            assertThat(bounds.minLeft).isGreaterThanOrEqualTo(50f);
            String text = new PDFTextStripper().getText(document);
            String body = text.replaceAll("(?m)^RISERVATO Documento di sintesi \\S+ Pagina \\d+ di \\d+$", "");
            assertThat(normalised(body).replace(" ", "").contains(normalised(summary.toString()).replace(" ", "")))
                    .as("the whole summary, in order, across the pages").isTrue();
            for (int page = 1; page <= pages; page++) {
                assertThat(text).contains("Pagina " + page + " di " + pages);
            }
        }
    }

    @Test
    void theConfidentialityMarkFollowsTheLevel() throws Exception {
        assertThat(text(pdf.render(level(Confidentiality.RESTRICTED)))).contains("RISERVATO – DATI PARTICOLARI");
        assertThat(text(pdf.render(level(Confidentiality.VERY_RESTRICTED)))).contains("STRETTAMENTE RISERVATO");
    }

    @Test
    void charactersTheFontLacksPrintAsQuestionMarksInsteadOfFailing() throws Exception {
        String text = text(pdf.render(summaryOnly("Nome dichiarato: محمد 🙂 fine\u0007")));

        assertThat(text).contains("Nome dichiarato: ???? ? fine");
    }

    @Test
    void itIsPdfA2bWithTheFontEmbeddedXmpMetadataAndAnSrgbOutputIntent() throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf.render(SampleHandovers.full()))) {
            String xmp = new String(document.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
            assertThat(xmp).contains("<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>",
                    "Documento di sintesi dell'intervento", "2026-11-26T03:47:00+01:00");
            assertThat(document.getDocumentInformation().getTitle()).isEqualTo("Documento di sintesi dell'intervento");
            List<PDOutputIntent> intents = document.getDocumentCatalog().getOutputIntents();
            assertThat(intents).hasSize(1);
            assertThat(intents.get(0).getOutputConditionIdentifier()).isEqualTo("sRGB IEC61966-2.1");
            try (var icc = intents.get(0).getDestOutputIntent().createInputStream()) {
                assertThat(icc.readAllBytes()).hasSizeGreaterThan(1000);
            }
            assertThat(document.getDocument().getTrailer().getCOSArray(org.apache.pdfbox.cos.COSName.ID)).isNotNull();
            assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("it-IT");
            for (PDPage page : document.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                }
            }
            assertThat(document.getPage(0).getMediaBox().getWidth()).isCloseTo(595.28f, org.assertj.core.data.Offset.offset(0.1f));
        }
    }

    @Test
    void manyThreadsRenderAtOnceEachWithItsOwnFontCopy() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(threads.submit(() -> pdf.render(SampleHandovers.full())));
            }
            for (Future<byte[]> result : results) {
                assertThat(text(result.get())).contains("Nicolò", "Cooperativa Farsi Prossimo");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    static String text(byte[] bytes) throws IOException {
        try (PDDocument document = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static String normalised(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static HandoverDocument summaryOnly(String summary) {
        return document(Confidentiality.NORMAL, null, null, List.of(), null, null, summary, null, List.of(), List.of(),
                null, null, List.of(), List.of());
    }

    private static HandoverDocument level(Confidentiality level) {
        return document(level, null, null, List.of(), null, null, "Accolto", null, List.of(), List.of(), null, null,
                List.of(), List.of());
    }

    /** Where the text lies on the pages. */
    private static final class Bounds extends PDFTextStripper {
        float maxRight;
        float minLeft = Float.MAX_VALUE;

        Bounds() throws IOException {
        }

        @Override
        protected void writeString(String text, List<TextPosition> positions) {
            for (TextPosition p : positions) {
                maxRight = Math.max(maxRight, p.getXDirAdj() + p.getWidthDirAdj());
                minLeft = Math.min(minLeft, p.getXDirAdj());
            }
        }
    }
}
