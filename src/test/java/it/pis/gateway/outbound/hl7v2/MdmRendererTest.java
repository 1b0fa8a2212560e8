package it.pis.gateway.outbound.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.Corpus;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.agreement.Outbound;
import it.pis.gateway.agreement.Sharing;
import it.pis.gateway.crypto.CadesEnvelopes;
import it.pis.gateway.crypto.CadesSigner;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.MdmWire;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.SampleHandovers;
import it.pis.gateway.outbound.pdf.SynthesisPdf;
import it.pis.gateway.outbound.pdf.SynthesisText;
import it.pis.gateway.report.Confidentiality;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The MDM^T02 as a hospital's HL7 engine sees it: parsed by HAPI, each shared field where expected, nothing else. */
class MdmRendererTest {

    static final ZoneId ROME = ZoneId.of("Europe/Rome");
    static final DevCertificates.Issued CA = DevCertificates.newCa("Test CA", Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(30)));
    static final DevCertificates.Issued GATEWAY = DevCertificates.issue(CA, "gateway",
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)), true);
    static final MdmRenderer RENDERER = new MdmRenderer("PIS-GATEWAY", "PIS", ROME, new SynthesisPdf(ROME),
            new SynthesisText(ROME), new CadesSigner(GATEWAY.key(), GATEWAY.certificate(), List.of(CA.certificate())));

    @Test
    void aSignedDocumentIsOneEdObservationWithTheCadesSignedPdfAndTheHeaderNamesBothEnds() throws Exception {
        Rendered rendered = RENDERER.render(SampleHandovers.forHospital(), hospital("cades"));
        Terser t = terser(rendered);

        assertThat(rendered.contentType()).isEqualTo("application/hl7-v2; charset=UTF-8");
        assertThat(t.get("/MSH-3-1")).isEqualTo("PIS-GATEWAY");
        assertThat(t.get("/MSH-4-1")).isEqualTo("PIS");
        assertThat(t.get("/MSH-5-1")).isNull();
        assertThat(t.get("/MSH-6-1")).isEqualTo("OSPSANCARLO");
        assertThat(t.get("/MSH-7")).isEqualTo("20261126034700+0100");
        assertThat(t.get("/MSH-9-1") + "^" + t.get("/MSH-9-2") + "^" + t.get("/MSH-9-3")).isEqualTo("MDM^T02^MDM_T02");
        assertThat(t.get("/MSH-10")).isEqualTo(rendered.messageId()).hasSizeLessThanOrEqualTo(20);
        assertThat(t.get("/MSH-11")).isEqualTo("P");
        assertThat(t.get("/MSH-12")).isEqualTo("2.5");
        assertThat(t.get("/MSH-18")).isEqualTo("UNICODE UTF-8");
        assertThat(t.get("/EVN-1")).isEqualTo("T02");
        assertThat(t.get("/PV1-2")).isEqualTo("N");

        assertThat(t.get("/TXA-2")).isEqualTo("TS");
        assertThat(t.get("/TXA-3")).isEqualTo("AP");
        assertThat(t.get("/TXA-4")).isEqualTo("20261126034700+0100");
        assertThat(t.get("/TXA-9-1")).isEqualTo("op.bianchi (Giulia Bianchi, assistente sociale)");
        assertThat(t.get("/TXA-12-1")).isEqualTo(SampleHandovers.HANDOVER.toString());
        assertThat(t.get("/TXA-16")).isEqualTo("documento-sintesi-" + SampleHandovers.HANDOVER + ".pdf.p7m");
        assertThat(t.get("/TXA-17")).isEqualTo("AU");
        assertThat(t.get("/TXA-18")).isEqualTo("U");
        assertThat(t.get("/TXA-19")).isEqualTo("AV");

        assertThat(segments(rendered)).containsExactly("MSH", "EVN", "PID", "PV1", "TXA", "OBX");
        assertThat(t.get("/OBSERVATION(0)/OBX-2")).isEqualTo("ED");
        assertThat(t.get("/OBSERVATION(0)/OBX-3-1")).isEqualTo("PIS-SINTESI");
        assertThat(t.get("/OBSERVATION(0)/OBX-5-1")).isEqualTo("PIS-GATEWAY");
        assertThat(t.get("/OBSERVATION(0)/OBX-5-2")).isEqualTo("application");
        assertThat(t.get("/OBSERVATION(0)/OBX-5-3")).isEqualTo("pkcs7-mime");
        assertThat(t.get("/OBSERVATION(0)/OBX-5-4")).isEqualTo("Base64");
        assertThat(t.get("/OBSERVATION(0)/OBX-11")).isEqualTo("F");
        byte[] p7m = Base64.getDecoder().decode(t.get("/OBSERVATION(0)/OBX-5-5"));
        CadesEnvelopes.Opened opened = CadesEnvelopes.verify(p7m, CA.certificate());
        assertThat(opened.signer()).isEqualTo(GATEWAY.certificate());
        try (PDDocument pdf = Loader.loadPDF(opened.content())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("Documento di sintesi dell'intervento", "Nicolò",
                    "Presa di contatto con il CPS di zona");
        }
    }

    @Test
    void thePersonFieldsTheDocumentCarriesAreInPidAsTheInboundAgreementsReadThem() throws Exception {
        Terser t = terser(RENDERER.render(SampleHandovers.full(), hospital("none")));

        assertThat(t.get("/PID-3(0)-1")).isEqualTo("DMTNCL58C14F205R");
        assertThat(t.get("/PID-3(0)-4-1")).isEqualTo("MEF");
        assertThat(t.get("/PID-3(0)-4-2")).isEqualTo("2.16.840.1.113883.2.9.4.3.2");
        assertThat(t.get("/PID-3(0)-5")).isEqualTo("CF");
        assertThat(t.get("/PID-5-1")).isEqualTo("D’Amato");
        assertThat(t.get("/PID-5-2")).isEqualTo("Nicolò");
        assertThat(t.get("/PID-7")).isEqualTo("19580314");
        assertThat(t.get("/PID-8")).isEqualTo("M");
        assertThat(t.get("/PID-15-1")).isEqualTo("ita");
        assertThat(t.get("/PID-26-1")).isEqualTo("ITA");
    }

    @Test
    void withoutSignatureTheReadableTextIsInTxLinesAndAttachmentsFollowAsEd() throws Exception {
        HandoverDocument document = SampleHandovers.full();
        Rendered rendered = RENDERER.render(document, hospital("none"));
        Terser t = terser(rendered);
        Message message = parse(rendered);
        int observations = ((ca.uhn.hl7v2.model.v251.message.MDM_T02) message).getOBSERVATIONReps();

        assertThat(t.get("/TXA-3")).isEqualTo("TX");
        assertThat(t.get("/TXA-17")).isEqualTo("DO");
        assertThat(t.get("/TXA-16")).isNull();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < observations - 1; i++) {
            assertThat(t.get("/OBSERVATION(" + i + ")/OBX-1")).isEqualTo(String.valueOf(i + 1));
            assertThat(t.get("/OBSERVATION(" + i + ")/OBX-2")).isEqualTo("TX");
            lines.add(t.get("/OBSERVATION(" + i + ")/OBX-5"));
        }
        assertThat(lines).contains("Cognome: D’Amato", "Codice fiscale: DMTNCL58C14F205R", "SINTESI DELL'INTERVENTO",
                SampleHandovers.SUMMARY, "Telefono: +39 02 8845 1234", "- Presa di contatto con il CPS di zona"
                        + " (Responsabile: Pronto intervento sociale · Entro il: 28/11/2026)");
        String last = "/OBSERVATION(" + (observations - 1) + ")/OBX";
        assertThat(t.get(last + "-2")).isEqualTo("ED");
        assertThat(t.get(last + "-3-1")).isEqualTo("PIS-ALLEGATO");
        assertThat(t.get(last + "-3-2")).isEqualTo("relazione-unita-di-strada.txt");
        assertThat(t.get(last + "-4")).isEqualTo("1");
        assertThat(t.get(last + "-5-2") + "/" + t.get(last + "-5-3")).isEqualTo("text/plain");
        assertThat(Base64.getDecoder().decode(t.get(last + "-5-5"))).isEqualTo(document.attachments().get(0).data());
    }

    @Test
    void nothingTheDocumentDoesNotCarryIsOnTheWireSignedOrNot() {
        List<String> elsewhere = List.of("Piazzale Loreto", "015146", "45.48", "Fumagalli", "8845", "Farsi Prossimo",
                "ipotermia lieve e senza coperte" /* in the summary: shared */, "lunedì", "passante", "riparo notturno,",
                "Maschile", "circa 68", "ITA", "San Martino, via Ponzio", "PL-2026-0457", "Procura", "relazione-unita",
                "orientamento sanitario", "A1.03");
        for (String sign : List.of("cades", "none")) {
            String wire = MdmWire.text(RENDERER.render(SampleHandovers.forHospital(), hospital(sign)).content(),
                    CA.certificate());
            assertThat(wire).as(sign).contains("D’Amato", "Nicolò", "DMTNCL58C14F205R", "ipotermia lieve e senza coperte",
                    "Colloquio sul posto", "Presa di contatto con il CPS di zona");
            assertThat(wire).as(sign).doesNotContain(elsewhere.stream()
                    .filter(s -> !s.startsWith("ipotermia")).toArray(String[]::new));
        }
    }

    @Test
    void aLongRunOfSpacesInTheTextNeverStallsTheRendering() throws Exception {
        // HAPI trims each value with a regular expression that is quadratic on a run of spaces followed by
        // text (20,000 spaces: seconds; 300,000: hours), even without validation: a narrative a partner
        // padded so would hold the delivery's thread instead of sending it
        String summary = "Accolto" + " ".repeat(300_000) + "in struttura";
        HandoverDocument document = SampleHandovers.document(Confidentiality.NORMAL, null, null, List.of(), null,
                null, summary, null, List.of(), List.of(), null, null, List.of(), List.of());

        Rendered rendered = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> RENDERER.render(document, hospital("none")),
                "rendering stalled on a long run of spaces");

        assertThat(new String(rendered.content(), StandardCharsets.UTF_8)).contains("Accolto in struttura");
    }

    @Test
    void withNoPersonSharedPidCarriesNothingButItsSetId() throws Exception {
        HandoverDocument document = SampleHandovers.document(Confidentiality.VERY_RESTRICTED, null, null, List.of(), null,
                null, "Accolto", null, List.of(), List.of(), null, null, List.of(), List.of());
        Rendered rendered = RENDERER.render(document, hospital("none"));

        String pid = new String(rendered.content(), StandardCharsets.UTF_8).split("\r")[2];
        assertThat(pid).isEqualTo("PID|1");
        assertThat(terser(rendered).get("/TXA-18")).isEqualTo("V");
    }

    @Test
    void msh10IsStableForADeliveryAndDiffersBetweenDeliveries() {
        UUID a = UUID.fromString("0193a4c2-7e1f-7a10-9c3e-5b2d8f41a0d1");
        UUID b = UUID.fromString("0193a4c2-7e1f-7a10-9c3e-5b2d8f41a0d2");
        UUID sameMillisecond = UUID.fromString("0193a4c2-7e1f-7a11-9c3e-5b2d8f41a0d1");

        assertThat(MessageControlIds.of(a)).isEqualTo(MessageControlIds.of(a)).hasSize(20).matches("[A-Z2-7]{20}");
        assertThat(MessageControlIds.of(sameMillisecond)).isNotEqualTo(MessageControlIds.of(a));
        assertThat(RENDERER.render(SampleHandovers.forHospital(), hospital("cades")).messageId())
                .isEqualTo(RENDERER.render(SampleHandovers.forHospital(), hospital("cades")).messageId())
                .isEqualTo(MessageControlIds.of(SampleHandovers.DELIVERY));
        // b differs from a only in bits beyond the 100 kept: the time-ordered generator never makes such pairs
        // in one millisecond with equal random bits, which is what the 52 kept random bits guard against
        assertThat(MessageControlIds.of(b)).hasSize(20);
    }

    @Test
    void aRecipientWithoutHl7IdentityGetsNoReceivingFacility() throws Exception {
        Agreement noIdentity = new Agreement("asl-x", "hospital", "ASL X", null, List.of(),
                new Outbound("hl7v2-mllp", "mllp://127.0.0.1:1", "hl7v2-mdm", "none", "none", null, null, null),
                new Sharing(List.of("summary"), List.of(Confidentiality.NORMAL), null));

        assertThat(terser(RENDERER.render(SampleHandovers.forHospital(), noIdentity)).get("/MSH-6-1")).isNull();
    }

    @Test
    void itHasTheShapeOfTheCorpusMdmT02WithAnEmbeddedDocument() throws Exception {
        Path sample = Corpus.path("hl7v2/camel/mdm_t02.txt");
        Message corpus = parse(Files.readString(sample, StandardCharsets.ISO_8859_1).replace("\n", "\r"));
        Terser c = new Terser(corpus);
        Terser ours = terser(RENDERER.render(SampleHandovers.forHospital(), hospital("cades")));

        for (String path : List.of("/MSH-9-1", "/MSH-9-2", "/OBSERVATION(0)/OBX-1", "/OBSERVATION(0)/OBX-2", "/OBSERVATION(0)/OBX-5-4")) {
            assertThat(ours.get(path)).as(path).isEqualToIgnoringCase(c.get(path));
        }
        assertThat(segments(corpus)).containsSubsequence("MSH", "EVN", "PID", "PV1", "TXA", "OBX");
        assertThat(Base64.getDecoder().decode(c.get("/OBSERVATION(0)/OBX-5-5"))).isNotEmpty();
    }

    static Agreement hospital(String sign) {
        InboundChannel in = new InboundChannel("hl7v2-mllp", Map.of("sendingFacility", "OSPSANCARLO"), null,
                List.of("ADT^A04"), null, null, null, null, null, null);
        return new Agreement("ospedale-san-carlo", "hospital", "Ospedale San Carlo", null, List.of(in),
                new Outbound("hl7v2-mllp", "mllp://127.0.0.1:1", "hl7v2-mdm", sign, "none", null, null, null),
                new Sharing(List.of("summary"), List.of(Confidentiality.NORMAL), null));
    }

    static Terser terser(Rendered rendered) throws Exception {
        return new Terser(parse(rendered));
    }

    static Message parse(Rendered rendered) throws Exception {
        return parse(new String(rendered.content(), StandardCharsets.UTF_8));
    }

    static Message parse(String er7) throws Exception {
        try (HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"))) {
            hapi.setValidationContext(ValidationContextFactory.noValidation());
            return hapi.getPipeParser().parse(er7);
        }
    }

    static List<String> segments(Rendered rendered) throws Exception {
        return segments(parse(rendered));
    }

    static List<String> segments(Message message) throws Exception {
        List<String> names = new ArrayList<>();
        for (String line : message.encode().split("\r")) {
            names.add(line.substring(0, 3));
        }
        return names;
    }
}
