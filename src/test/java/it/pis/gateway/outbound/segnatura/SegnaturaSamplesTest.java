package it.pis.gateway.outbound.segnatura;

import it.pis.gateway.crypto.DssValidation;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.SampleHandovers;
import it.pis.gateway.outbound.SegnaturaWire;
import it.pis.gateway.report.Confidentiality;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/samples: what the juvenile court receives about Nicolò D’Amato (the whole PEC message
 * segnatura-tribunale.eml, and its two files as segnatura-tribunale.Segnatura.xml and
 * segnatura-tribunale.documento-sintesi.pdf.p7m), made by the renderer
 * with a development PKI. Signatures and MIME boundaries differ at every run, so the samples are
 * checked rather than compared: {@code -Dpis.samples.write=true} rewrites them.
 */
class SegnaturaSamplesTest {

    static final Path SAMPLES = Path.of("docs/samples");
    static final String EML = "segnatura-tribunale.eml";
    static final String SEGNATURA = "segnatura-tribunale.Segnatura.xml";
    static final String P7M = "segnatura-tribunale.documento-sintesi.pdf.p7m";

    @Test
    void theCourtSampleIsAValidProtocolMessage() throws Exception {
        if (Boolean.getBoolean("pis.samples.write")) {
            Rendered rendered = SegnaturaRendererTest.renderer(Map.of()).render(SegnaturaRendererTest.forCourt(
                    Confidentiality.RESTRICTED, SampleHandovers.DELIVERY, SampleHandovers.attachments()),
                    SegnaturaRendererTest.court());
            Map<String, byte[]> files = SegnaturaRendererTest.files(SegnaturaRendererTest.mail(rendered));
            Files.createDirectories(SAMPLES);
            Files.write(SAMPLES.resolve(EML), rendered.content());
            Files.write(SAMPLES.resolve(SEGNATURA), files.get("Segnatura.xml"));
            Files.write(SAMPLES.resolve(P7M), files.get("documento-sintesi.pdf.p7m"));
        }
        byte[] eml = Files.readAllBytes(SAMPLES.resolve(EML));
        byte[] segnatura = Files.readAllBytes(SAMPLES.resolve(SEGNATURA));
        byte[] p7m = Files.readAllBytes(SAMPLES.resolve(P7M));
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(eml));
        Map<String, byte[]> files = SegnaturaRendererTest.files(mail);

        assertThat(files.get("Segnatura.xml")).isEqualTo(segnatura);
        assertThat(files.get("documento-sintesi.pdf.p7m")).isEqualTo(p7m);
        assertThat(SegnaturaSchema.problems(segnatura)).isEmpty();
        assertThat(new String(segnatura, java.nio.charset.StandardCharsets.UTF_8))
                .contains(SegnaturaRendererTest.sha256(p7m));
        assertThat(SegnaturaWire.pdfText(SegnaturaWire.verifiedContent(p7m))).contains("D’Amato");
        Map<String, String> dss = DssValidation.validate(SAMPLES.resolve(SEGNATURA), SegnaturaRendererTest.KEYS_DIR.resolve("dev-ca.crt"));
        assertThat(dss).containsEntry("format", "XAdES-BASELINE-B").containsEntry("intact", "true").containsEntry("valid", "true");
        assertThat(mail.getMessageID()).isEqualTo("<" + SampleHandovers.DELIVERY + "@pec.comune.milano.example>");
    }
}
