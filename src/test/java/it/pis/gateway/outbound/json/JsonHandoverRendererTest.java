package it.pis.gateway.outbound.json;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.crypto.CertificateFiles;
import it.pis.gateway.crypto.CmsDecryption;
import it.pis.gateway.crypto.CmsEncryption;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.OpenSslCms;
import it.pis.gateway.crypto.Pem;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.JsonWire;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.UnrenderableHandover;
import it.pis.gateway.report.Report;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.StreamSupport;

import static it.pis.gateway.outbound.json.JsonCases.CAV;
import static it.pis.gateway.outbound.json.JsonCases.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** json-handover without Spring: the document, its schema, CMS to the anti-violence centre, and what never leaves. */
class JsonHandoverRendererTest {

    @TempDir
    static Path certs;
    static JsonHandoverRenderer renderer;
    static PrivateKey cavKey;

    @BeforeAll
    static void renderer() throws Exception {
        renderer = new JsonHandoverRenderer(JsonCases.output(certs));
        cavKey = Pem.readPrivateKey(certs.resolve(CAV + ".key"));
    }

    static List<String> names(JsonNode node) {
        return StreamSupport.stream(node.propertyNames().spliterator(), false).toList();
    }

    @Test
    void rendersEveryFieldTheDocumentCarriesAsSchemaValidJsonWithTheDeliveryIdAsMessageId() throws Exception {
        HandoverDocument document = JsonCases.document(JsonCases.giuseppeHandover(JsonCases.sanMartino("PL-2026-0142"),
                List.of("test-everything")), JsonCases.giuseppe(), JsonCases.everything());

        Rendered rendered = renderer.render(document, JsonCases.everything());

        assertThat(rendered.messageId()).isEqualTo(document.deliveryId().toString());
        assertThat(rendered.contentType()).isEqualTo("application/json");
        assertThat(JsonCases.schemaProblems(JsonHandoverRenderer.SCHEMA, rendered.content())).isEmpty();
        JsonNode json = JSON.readTree(rendered.content());
        assertThat(names(json)).containsExactlyInAnyOrder("documentType", "version", "handoverId", "messageId",
                "createdAt", "author", "sender", "recipient", "confidentiality", "person", "location", "needs",
                "narrative", "contact", "summary", "assessment", "actions", "interventions", "placement",
                "urgentHelpProject", "attachments");
        assertThat(json.at("/messageId").asString()).isEqualTo(document.deliveryId().toString());
        assertThat(json.at("/handoverId").asString()).isEqualTo("01944f60-0000-7000-8000-000000000142");
        assertThat(json.at("/sender/ipaCode").asString()).isEqualTo("c_f205");
        assertThat(json.at("/person/familyName").asString()).isEqualTo("Ferri");
        assertThat(json.at("/person/identifier/valid").asBoolean()).isFalse();
        assertThat(json.at("/location/lat").asDouble()).isEqualTo(45.4847);
        assertThat(json.at("/placement/placementId").asString()).isEqualTo("PL-2026-0142");
        assertThat(json.at("/urgentHelpProject/pendingActions/1/due").asString()).isEqualTo("2026-01-14");
        assertThat(json.at("/actions/0/at").asString()).isEqualTo("2026-01-10T23:05:00Z");
        assertThat(JsonWire.text(rendered.content(), null)).contains("Scheda di rilevazione UdS n. 2026/118: Ferri",
                "Unità di strada – Comune di Milano");
        assertThat(new String(rendered.content(), StandardCharsets.UTF_8)).contains("Unità di strada");
    }

    @Test
    void toTheAntiViolenceCentreItIsCmsThatOpensWithItsKeyInOpensslAndInCmsDecryption() throws Exception {
        Agreement cav = JsonCases.demo(CAV);
        HandoverDocument document = JsonCases.document(JsonCases.annaHandover(List.of(CAV)), JsonCases.anna(), cav);

        Rendered rendered = renderer.render(document, cav);

        assertThat(rendered.contentType()).isEqualTo("application/pkcs7-mime; smime-type=enveloped-data");
        assertThat(rendered.content()[0]).isEqualTo((byte) 0x30);
        byte[] byOpenssl = OpenSslCms.decrypt(rendered.content(), certs.resolve(CAV + ".crt"), certs.resolve(CAV + ".key"));
        byte[] byGateway = new CmsDecryption(new GatewayKeys(certs.resolve(CAV + ".crt"), certs.resolve(CAV + ".key"),
                certs.resolve("dev-ca.crt"))).decrypt(rendered.content());
        assertThat(byGateway).isEqualTo(byOpenssl);
        assertThat(JsonCases.schemaProblems(JsonHandoverRenderer.SCHEMA, byOpenssl)).isEmpty();
        assertThat(JSON.readTree(byOpenssl).at("/person/givenName").asString()).isEqualTo("Anna");
    }

    @Test
    void theAntiViolenceCentreGetsOnlyItsSharedFieldsAndNeverLocationContactOrPlacement() throws Exception {
        Agreement cav = JsonCases.demo(CAV);
        Report anna = JsonCases.anna();
        HandoverDocument document = JsonCases.document(JsonCases.annaHandover(List.of(CAV)), anna, cav);

        byte[] plain = JsonWire.json(renderer.render(document, cav).content(), cavKey);
        List<String> text = JsonWire.text(renderer.render(document, cav).content(), cavKey);

        JsonNode json = JSON.readTree(plain);
        assertThat(names(json)).containsExactlyInAnyOrder("documentType", "version", "handoverId", "messageId",
                "createdAt", "author", "sender", "recipient", "confidentiality", "person", "summary", "actions",
                "urgentHelpProject");
        assertThat(names(json.get("person"))).containsExactly("givenName");
        assertThat(document.withheld()).extracting(HandoverDocument.Withheld::field)
                .contains("location", "contact", "placement", "person.familyName", "narrative", "judicialNotices");
        assertThat(String.join("\n", text)).doesNotContain("Corvetto", "Colombo", "+39 02 5501 2233",
                "Operatrice CAV di turno", "casa-protetta", "PL-2026-0143", "convivente", "Procura", "015146");
    }

    @Test
    void aDocumentTheSchemaWouldRefuseIsUnrenderableNamingTheField() {
        Report odd = JsonCases.giuseppe();
        Report.Person p = odd.person();
        Report longCitizenship = new Report(odd.id(), odd.receivedAt(), odd.source(), odd.urgency(), odd.targetGroups(),
                odd.confidentiality(), new Report.Person(p.familyName(), p.givenName(), p.birthDate(), p.estimatedAge(),
                        p.sex(), p.identifier(), "x".repeat(65), p.language()), odd.location(), odd.needs(),
                odd.narrative(), odd.contact(), odd.consent(), odd.attachments(), odd.status(), odd.taken(), odd.journalRef());
        HandoverDocument document = JsonCases.document(JsonCases.giuseppeHandover(null, List.of("test-everything")),
                longCitizenship, JsonCases.everything());

        assertThatThrownBy(() -> renderer.render(document, JsonCases.everything()))
                .isInstanceOf(UnrenderableHandover.class)
                .hasMessageContaining("handover.schema.json")
                .hasMessageContaining("/person/citizenship")
                .satisfies(e -> assertThat(((UnrenderableHandover) e).field()).isEqualTo("person.citizenship"));
    }

    @Test
    void anExpiredCertificateOfTheCentreIsUnrenderableNamingTheAgreementField() throws Exception {
        Agreement cav = JsonCases.demo(CAV);
        Clock afterExpiry = Clock.fixed(Pem.readCertificate(certs.resolve(CAV + ".crt")).getNotAfter().toInstant()
                .plus(Duration.ofDays(1)), ZoneOffset.UTC);
        JsonHandoverRenderer late = new JsonHandoverRenderer(new JsonOutput(
                new CmsEncryption(CmsEncryption.ContentEncryption.AES_256_CBC, afterExpiry), new CertificateFiles(certs, false)));

        assertThatThrownBy(() -> late.render(JsonCases.document(JsonCases.annaHandover(List.of(CAV)), JsonCases.anna(), cav), cav))
                .isInstanceOf(UnrenderableHandover.class)
                .hasMessageContaining("cav-milano.crt: certificate")
                .hasMessageContaining("expired on")
                .satisfies(e -> assertThat(((UnrenderableHandover) e).field()).isEqualTo("outbound.certificate"));
    }
}
