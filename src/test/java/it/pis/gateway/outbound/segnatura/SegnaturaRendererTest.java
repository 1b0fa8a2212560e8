package it.pis.gateway.outbound.segnatura;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementLoader;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.crypto.CadesSigner;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.XadesSigner;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.journal.ProtocolRegister;
import it.pis.gateway.outbound.OutboundEndpoints;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.SampleHandovers;
import it.pis.gateway.outbound.SegnaturaWire;
import it.pis.gateway.outbound.UnrenderableHandover;
import it.pis.gateway.outbound.pdf.SynthesisPdf;
import it.pis.gateway.report.Confidentiality;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * segnatura-xml without Spring: the real PDF, CAdES and XAdES signers with a development PKI, the
 * protocol register on H2, and the message read back as the court's protocol office would.
 */
class SegnaturaRendererTest {

    static final Path KEYS_DIR = SegnaturaFixtures.tempDir();
    static final GatewayKeys KEYS = SegnaturaFixtures.keys(KEYS_DIR);
    /** One register for every test of this JVM (the test classes share it, so it is never closed). */
    static final ProtocolRegister REGISTER = SegnaturaFixtures.register();
    static final AgreementRegistry AGREEMENTS = new AgreementRegistry(new AgreementLoader(List.of()), Path.of("protocols"));

    static SegnaturaRenderer renderer(Map<String, String> endpointOverrides) {
        Clock clock = Clock.fixed(SampleHandovers.CREATED.plusSeconds(60), ZoneOffset.UTC);
        return new SegnaturaRenderer(new SynthesisPdf(ZoneId.of("Europe/Rome")), new CadesSigner(KEYS),
                new XadesSigner(KEYS, clock), REGISTER, new OutboundEndpoints(endpointOverrides),
                new Segnatura.Classification("VII.9",
                        "Servizi alla persona – Prevenzione, recupero e reintegrazione dei soggetti a rischio"), clock);
    }

    static Agreement court() {
        return AGREEMENTS.current().byId("tribunale-minorenni-milano").orElseThrow();
    }

    static HandoverDocument forCourt(Confidentiality level, UUID delivery, List<Handover.Attachment> attachments) {
        HandoverDocument full = SampleHandovers.full();
        return new HandoverDocument(full.handoverId(), delivery, full.createdAt(), full.author(), level, full.sender(),
                HandoverDocument.Party.partner("tribunale-minorenni-milano", court().name(), "juvenile-court"),
                full.person(), null, List.of(), full.narrative(), null, full.summary(), full.assessment(), full.actions(),
                List.of(), full.placement(), null, full.judicialNotices(), attachments, full.shared(), full.withheld());
    }

    @Test
    void theCourtGetsOneMessageWithTheSealedSynthesisTheSignedSegnaturaAndTheAttachments() throws Exception {
        UUID delivery = UUID.randomUUID();
        Rendered rendered = renderer(Map.of()).render(forCourt(Confidentiality.RESTRICTED, delivery,
                SampleHandovers.attachments()), court());

        assertThat(rendered.contentType()).isEqualTo("message/rfc822");
        assertThat(rendered.messageId()).isEqualTo(delivery + "@pec.comune.milano.example");
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(rendered.content()));
        assertThat(mail.getMessageID()).isEqualTo("<" + rendered.messageId() + ">");
        assertThat(((InternetAddress) mail.getFrom()[0]).toUnicodeString()).isEqualTo("\"Pronto intervento sociale – Comune di Milano\""
                + " <pronto.intervento.sociale@pec.comune.milano.example>");
        assertThat(mail.getRecipients(jakarta.mail.Message.RecipientType.TO)[0].toString())
                .endsWith("<prot.procmin.milano@giustiziacert.example>");
        assertThat(mail.getSubject()).matches("Prot\\. N\\. \\d{7} del 2026-11-26 – Documento di sintesi"
                + " dell'intervento di pronto intervento sociale");
        Map<String, byte[]> files = files(mail);
        assertThat(files.keySet()).containsExactly("documento-sintesi.pdf.p7m", "Segnatura.xml",
                "relazione-unita-di-strada.txt");

        byte[] segnatura = files.get("Segnatura.xml");
        assertThat(SegnaturaSchema.problems(segnatura)).isEmpty();
        String xml = new String(segnatura, StandardCharsets.UTF_8);
        assertThat(xml).contains("<prot:Impronta prot:algoritmo=\"SHA-256\">" + sha256(files.get("documento-sintesi.pdf.p7m")),
                "<prot:Impronta prot:algoritmo=\"SHA-256\">" + sha256(files.get("relazione-unita-di-strada.txt")),
                "<prot:Riservato", "<prot:CodiceAmministrazione>c_f205</prot:CodiceAmministrazione>",
                "<prot:Denominazione>" + court().name() + "</prot:Denominazione>");
        byte[] pdf = SegnaturaWire.verifiedContent(files.get("documento-sintesi.pdf.p7m"));
        assertThat(SegnaturaWire.pdfText(pdf)).contains("D’Amato");
        assertThat(String.join("\n", SegnaturaWire.text(rendered.content()))).contains("Relazione dell'unità di strada", "VII.9");
    }

    @Test
    void aDeliveryKeepsItsProtocolNumberAndANormalCaseIsNotReserved() throws Exception {
        UUID delivery = UUID.randomUUID();
        SegnaturaRenderer renderer = renderer(Map.of());
        String first = subject(renderer.render(forCourt(Confidentiality.NORMAL, delivery, List.of()), court()));
        String again = subject(renderer.render(forCourt(Confidentiality.NORMAL, delivery, List.of()), court()));
        String other = subject(renderer.render(forCourt(Confidentiality.NORMAL, UUID.randomUUID(), List.of()), court()));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        Rendered normal = renderer.render(forCourt(Confidentiality.NORMAL, delivery, List.of()), court());
        assertThat(new String(files(mail(normal)).get("Segnatura.xml"), StandardCharsets.UTF_8)).doesNotContain("Riservato");
    }

    @Test
    void anAttachmentNamedLikeAFileOfTheMessageOrAnUnusableAddressIsRefusedNamingTheField() {
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        List<Handover.Attachment> clash = List.of(new Handover.Attachment("segnatura.XML", "text/xml", "", 1, data));
        assertThatThrownBy(() -> renderer(Map.of()).render(forCourt(Confidentiality.NORMAL, UUID.randomUUID(), clash), court()))
                .isInstanceOf(UnrenderableHandover.class)
                .satisfies(e -> assertThat(((UnrenderableHandover) e).field()).isEqualTo("attachments[0].name"));

        assertThatThrownBy(() -> renderer(Map.of("tribunale-minorenni-milano", "mailto:not an address"))
                .render(forCourt(Confidentiality.NORMAL, UUID.randomUUID(), List.of()), court()))
                .isInstanceOf(UnrenderableHandover.class)
                .hasMessageContaining("not a valid e-mail address")
                .satisfies(e -> assertThat(((UnrenderableHandover) e).field()).isEqualTo("outbound.endpoint"));
    }

    static String subject(Rendered rendered) throws Exception {
        return mail(rendered).getSubject();
    }

    static MimeMessage mail(Rendered rendered) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(rendered.content()));
    }

    static Map<String, byte[]> files(MimeMessage mail) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MimeMultipart mixed = (MimeMultipart) mail.getContent();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < mixed.getCount(); i++) {
            BodyPart part = mixed.getBodyPart(i);
            if (part.getFileName() != null) {
                order.add(part.getFileName());
                files.put(part.getFileName(), part.getInputStream().readAllBytes());
            }
        }
        return files;
    }

    static String sha256(byte[] content) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
