package it.pis.gateway.outbound.json;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.outbound.JsonWire;
import it.pis.gateway.outbound.Rendered;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.RecipientInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static it.pis.gateway.outbound.json.JsonCases.CAV;
import static it.pis.gateway.outbound.json.JsonCases.SHELTER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/samples: what the anti-violence centre receives about Anna (handover.json, and the same bytes
 * encrypted to a development certificate of cav-milano, handover.json.p7m) and what the San Martino
 * shelter receives about Giuseppe (placement-request.json). The JSON samples must stay what the
 * renderers make today; {@code -Dpis.samples.write=true} rewrites all three.
 */
class JsonSamplesTest {

    static final Path SAMPLES = Path.of("docs/samples");
    static final boolean WRITE = Boolean.getBoolean("pis.samples.write");

    @TempDir
    static Path certs;
    static JsonOutput output;

    @BeforeAll
    static void output() {
        output = JsonCases.output(certs);
    }

    static void sample(String name, byte[] content) throws Exception {
        if (WRITE) {
            Files.createDirectories(SAMPLES);
            Files.write(SAMPLES.resolve(name), content);
        }
    }

    @Test
    void theAntiViolenceCentresHandoverSampleIsWhatTheRendererMakes() throws Exception {
        Agreement cav = JsonCases.demo(CAV);
        Rendered rendered = new JsonHandoverRenderer(output).render(
                JsonCases.document(JsonCases.annaHandover(List.of(CAV)), JsonCases.anna(), cav), cav);
        byte[] plain = JsonWire.json(rendered.content(), Pem.readPrivateKey(certs.resolve(CAV + ".key")));
        sample("handover.json", plain);
        sample("handover.json.p7m", rendered.content());

        assertThat(Files.readAllBytes(SAMPLES.resolve("handover.json")))
                .as("docs/samples/handover.json is stale: run this test with -Dpis.samples.write=true").isEqualTo(plain);
        assertThat(JsonCases.schemaProblems(JsonHandoverRenderer.SCHEMA, plain)).isEmpty();
        ContentInfo p7m = ContentInfo.getInstance(Files.readAllBytes(SAMPLES.resolve("handover.json.p7m")));
        assertThat(p7m.getContentType()).isEqualTo(CMSObjectIdentifiers.envelopedData);
        List<RecipientInformation> recipients = List.copyOf(new CMSEnvelopedData(p7m).getRecipientInfos().getRecipients());
        assertThat(recipients).hasSize(1);
        assertThat(recipients.get(0).getKeyEncryptionAlgOID()).isEqualTo(PKCSObjectIdentifiers.id_RSAES_OAEP.getId());
    }

    @Test
    void theShelterPlacementRequestSampleIsWhatTheRendererMakes() throws Exception {
        Agreement shelter = JsonCases.demo(SHELTER);
        Rendered rendered = new JsonPlacementRenderer(output, "https://pis.comune.milano.example:8443").render(
                JsonCases.document(JsonCases.giuseppeHandover(JsonCases.sanMartino("PL-2026-0142"), List.of(SHELTER)),
                        JsonCases.giuseppe(), shelter), shelter);
        sample("placement-request.json", rendered.content());

        assertThat(Files.readAllBytes(SAMPLES.resolve("placement-request.json")))
                .as("docs/samples/placement-request.json is stale: run this test with -Dpis.samples.write=true")
                .isEqualTo(rendered.content());
        assertThat(JsonCases.schemaProblems(JsonPlacementRenderer.SCHEMA, rendered.content())).isEmpty();
    }
}
