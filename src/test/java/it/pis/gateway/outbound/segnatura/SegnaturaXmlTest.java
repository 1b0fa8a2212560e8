package it.pis.gateway.outbound.segnatura;

import it.pis.gateway.crypto.DssValidation;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.XadesSigner;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static it.pis.gateway.outbound.segnatura.SegnaturaFixtures.bytes;
import static it.pis.gateway.outbound.segnatura.SegnaturaFixtures.segnatura;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Segnatura as a recipient's protocol system checks it: the AgID v3.0.0 schema of the corpus
 * (offline), DSS's validator for the XAdES baseline B signature, and the digests of the files.
 */
class SegnaturaXmlTest {

    static final Path KEYS_DIR = SegnaturaFixtures.tempDir();
    static final GatewayKeys KEYS = SegnaturaFixtures.keys(KEYS_DIR);
    static final XadesSigner SIGNER = new XadesSigner(KEYS, Clock.fixed(Instant.parse("2026-12-01T02:40:12Z"), ZoneOffset.UTC));

    @Test
    void theSignedSegnaturaValidatesAgainstTheAgidSchema() throws Exception {
        byte[] signed = SIGNER.signEnveloped(SegnaturaXml.unsigned(segnatura("caso RESTRICTED", bytes("p7m"), bytes("verbale"))));

        assertThat(SegnaturaSchema.problems(signed)).isEmpty();
        String xml = new String(signed, StandardCharsets.UTF_8);
        assertThat(xml).contains("prot:versione=\"3.0.0\"", "prot:lang=\"it\"",
                "<prot:NumeroRegistrazione>0000123</prot:NumeroRegistrazione>",
                "<prot:DataRegistrazione>2026-12-01</prot:DataRegistrazione>",
                "prot:nomeFile=\"documento-sintesi.pdf.p7m\"", "prot:mimeType=\"application/pkcs7-mime\"",
                "<prot:Riservato prot:note=\"caso RESTRICTED\">true</prot:Riservato>");
    }

    @Test
    void withoutItsSignatureOrWithUnprefixedAttributesTheSchemaRefusesIt() throws Exception {
        byte[] unsigned = SegnaturaXml.unsigned(segnatura(null, bytes("p7m"), null));
        assertThat(SegnaturaSchema.problems(unsigned)).anySatisfy(p -> assertThat(p).contains("xmldsig#\":Signature"));

        byte[] signed = SIGNER.signEnveloped(unsigned);
        String unprefixed = new String(signed, StandardCharsets.UTF_8).replace("prot:versione=", "versione=");
        assertThat(SegnaturaSchema.problems(unprefixed.getBytes(StandardCharsets.UTF_8)))
                .anySatisfy(p -> assertThat(p).contains("versione"));
    }

    @Test
    void dssFindsAnIntactXadesBaselineBSignatureByTheGatewayChainedToTheCa() throws Exception {
        Map<String, String> dss = dss(SIGNER.signEnveloped(SegnaturaXml.unsigned(segnatura(null, bytes("p7m"), null))));

        assertThat(dss).containsEntry("format", "XAdES-BASELINE-B").containsEntry("intact", "true")
                .containsEntry("valid", "true").containsEntry("trustedChain", "true")
                .containsEntry("signingTime", "2026-12-01T02:40:12Z");
        assertThat(dss.get("signer")).contains("CN=localhost");
    }

    @Test
    void aChangedSegnaturaNoLongerVerifies() throws Exception {
        byte[] signed = SIGNER.signEnveloped(SegnaturaXml.unsigned(segnatura(null, bytes("p7m"), null)));
        byte[] changed = new String(signed, StandardCharsets.UTF_8).replace("0000123", "0000124").getBytes(StandardCharsets.UTF_8);

        assertThat(dss(changed)).containsEntry("intact", "false").containsEntry("indication", "TOTAL_FAILED");
    }

    @Test
    void eachImprontaIsTheBase64Sha256OfItsFile() throws Exception {
        byte[] p7m = bytes("the signed synthesis");
        byte[] attachment = bytes("verbale di affidamento");
        Document xml = SegnaturaSchema.parse(SIGNER.signEnveloped(SegnaturaXml.unsigned(segnatura(null, p7m, attachment))));

        assertThat(impronta(xml, "DocumentoPrimario")).isEqualTo(sha256(p7m)).isNotEqualTo(sha256(bytes("another")));
        assertThat(impronta(xml, "Allegato")).isEqualTo(sha256(attachment));
    }

    @Test
    void aSegnaturaWithADoctypeIsNotEvenParsed() {
        byte[] hostile = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SegnaturaSchema.parse(hostile)).hasMessageContaining("DOCTYPE");
    }

    static Map<String, String> dss(byte[] signed) throws Exception {
        Path file = Files.createTempFile("segnatura-", ".xml");
        Files.write(file, signed);
        return DssValidation.validate(file, KEYS_DIR.resolve("dev-ca.crt"));
    }

    private static String impronta(Document xml, String document) {
        Element element = (Element) xml.getElementsByTagNameNS(SegnaturaXml.NS, document).item(0);
        return element.getElementsByTagNameNS(SegnaturaXml.NS, "Impronta").item(0).getTextContent();
    }

    private static String sha256(byte[] content) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
