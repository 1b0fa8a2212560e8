package it.pis.gateway.outbound.hl7v2;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.crypto.CadesEnvelopes;
import it.pis.gateway.crypto.CadesSigner;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.SampleHandovers;
import it.pis.gateway.outbound.pdf.SynthesisPdf;
import it.pis.gateway.outbound.pdf.SynthesisText;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples in docs/samples: the MDM^T02 the demo hospital receives for a fictional case, its
 * signed document and that document's PDF, plus the PDF with every section. Run with
 * {@code -Dpis.samples.write=true} to make them again (the development PKI of a temporary folder
 * signs them; no private key is written); without it, checks the committed ones still read as a
 * recipient would read them.
 */
class MdmSamplesTest {

    static final Path SAMPLES = Path.of("docs/samples");
    static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @Test
    void theSamplesAreAnMdmWhoseSignedPdfIsTheSamplePdf(@TempDir Path certs) throws Exception {
        if (Boolean.getBoolean("pis.samples.write")) {
            write(certs);
        }
        String mdm = Files.readString(SAMPLES.resolve("handover-mdm-t02.hl7"), StandardCharsets.UTF_8);
        Terser terser = new Terser(MdmRendererTest.parse(mdm));
        byte[] p7m = Base64.getDecoder().decode(terser.get("/OBSERVATION(0)/OBX-5-5"));
        assertThat(Files.readAllBytes(SAMPLES.resolve("documento-sintesi.pdf.p7m"))).isEqualTo(p7m);
        byte[] pdf = CadesEnvelopes.verify(p7m, caIn(p7m)).content();
        assertThat(Files.readAllBytes(SAMPLES.resolve("documento-sintesi.pdf"))).isEqualTo(pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("Nicolò", "Progetto di aiuto urgente");
        }
        try (PDDocument complete = Loader.loadPDF(SAMPLES.resolve("documento-sintesi-completo.pdf").toFile())) {
            assertThat(new PDFTextStripper().getText(complete)).contains("Luogo", "Contatto", "Allegati");
        }
    }

    private static void write(Path certs) throws Exception {
        DevCertificates.ensure(certs, List.of());
        GatewayKeys keys = new GatewayKeys(certs.resolve("gateway.crt"), certs.resolve("gateway.key"),
                certs.resolve("dev-ca.crt"));
        SynthesisPdf pdf = new SynthesisPdf(ROME);
        MdmRenderer renderer = new MdmRenderer("PIS-GATEWAY", "PIS", ROME, pdf, new SynthesisText(ROME),
                new CadesSigner(keys));
        Rendered rendered = renderer.render(SampleHandovers.forHospital(), MdmRendererTest.hospital("cades"));
        Files.createDirectories(SAMPLES);
        Files.write(SAMPLES.resolve("handover-mdm-t02.hl7"), rendered.content());
        byte[] p7m = Base64.getDecoder().decode(new Terser(MdmRendererTest.parse(rendered)).get("/OBSERVATION(0)/OBX-5-5"));
        Files.write(SAMPLES.resolve("documento-sintesi.pdf.p7m"), p7m);
        Files.write(SAMPLES.resolve("documento-sintesi.pdf"), CadesEnvelopes.verify(p7m, keys.trustedCas().get(0)).content());
        Files.write(SAMPLES.resolve("documento-sintesi-completo.pdf"), pdf.render(SampleHandovers.full()));
    }

    /** The self-signed certificate the signature carries (the sample's development CA). */
    private static X509Certificate caIn(byte[] p7m) throws Exception {
        var signed = new org.bouncycastle.cms.CMSSignedData(p7m);
        var converter = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter();
        for (Object holder : signed.getCertificates().getMatches(null)) {
            X509Certificate c = converter.getCertificate((org.bouncycastle.cert.X509CertificateHolder) holder);
            if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                return c;
            }
        }
        throw new AssertionError("the sample's signature carries no CA");
    }
}
