package it.pis.gateway.outbound.json;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.JsonWire;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.UnrenderableHandover;
import it.pis.gateway.report.Confidentiality;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;

import static it.pis.gateway.outbound.json.JsonCases.JSON;
import static it.pis.gateway.outbound.json.JsonCases.SHELTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** json-placement without Spring: what the shelter sees, where it answers, and when there is nothing to ask. */
class JsonPlacementRendererTest {

    @TempDir
    static Path certs;
    static JsonPlacementRenderer renderer;

    @BeforeAll
    static void renderer() {
        renderer = new JsonPlacementRenderer(JsonCases.output(certs), "https://pis.comune.milano.example:8443/");
    }

    static HandoverDocument giuseppeTo(Agreement shelter, Handover.Placement placement) {
        return JsonCases.document(JsonCases.giuseppeHandover(placement, List.of(SHELTER)), JsonCases.giuseppe(), shelter);
    }

    static UnrenderableHandover unrenderable(HandoverDocument document, Agreement shelter) {
        try {
            renderer.render(document, shelter);
        } catch (UnrenderableHandover e) {
            return e;
        }
        throw new AssertionError("rendered, but should not have been");
    }

    @Test
    void theShelterGetsThePlacementItsSharedPersonFieldsAndNeedsAndWhereToAnswer() throws Exception {
        Agreement shelter = JsonCases.demo(SHELTER);
        HandoverDocument document = giuseppeTo(shelter, JsonCases.sanMartino("PL-2026-0142"));

        Rendered rendered = renderer.render(document, shelter);

        assertThat(rendered.contentType()).isEqualTo("application/json");
        assertThat(rendered.messageId()).isEqualTo(document.deliveryId().toString());
        assertThat(JsonCases.schemaProblems(JsonPlacementRenderer.SCHEMA, rendered.content())).isEmpty();
        JsonNode json = JSON.readTree(rendered.content());
        assertThat(StreamSupport.stream(json.propertyNames().spliterator(), false).toList()).containsExactlyInAnyOrder(
                "documentType", "version", "placementId", "handoverId", "messageId", "requestedAt", "author", "sender",
                "recipient", "confidentiality", "structure", "period", "answer", "person", "needs");
        assertThat(json.at("/placementId").asString()).isEqualTo("PL-2026-0142");
        assertThat(json.at("/structure").asString()).isEqualTo("via-rovello");
        assertThat(json.at("/period/from").asString()).isEqualTo("2026-01-10T23:45:00Z");
        assertThat(json.at("/person").toString())
                .isEqualTo("{\"givenName\":\"Giuseppe\",\"estimatedAge\":67,\"sex\":\"M\",\"language\":\"it\"}");
        assertThat(json.at("/answer/confirmation").asString())
                .isEqualTo("https://pis.comune.milano.example:8443/json/placements/PL-2026-0142/confirmation");
        assertThat(json.at("/answer/decline").asString())
                .isEqualTo("https://pis.comune.milano.example:8443/json/placements/PL-2026-0142/decline");
        assertThat(String.join("\n", JsonWire.text(rendered.content(), null))).doesNotContain("Ferri", "FRRGPP",
                "Vittor Pisani", "Luca Bassi", "+39 02 8845 1234", "ipotermia", "cartoni", "Scheda", "Piano freddo");
    }

    @Test
    void withoutAnAnswerAddressTheAnswerPathsAreRelativeToTheGatewaysPartnerPort() throws Exception {
        Agreement shelter = JsonCases.demo(SHELTER);
        Rendered rendered = new JsonPlacementRenderer(JsonCases.output(certs), "")
                .render(giuseppeTo(shelter, JsonCases.sanMartino("PL-2026-0142")), shelter);

        assertThat(JSON.readTree(rendered.content()).at("/answer/confirmation").asString())
                .isEqualTo("/json/placements/PL-2026-0142/confirmation");
        assertThat(JsonCases.schemaProblems(JsonPlacementRenderer.SCHEMA, rendered.content())).isEmpty();
    }

    @Test
    void aHandoverWithoutPlacementIsUnrenderableNamingThePlacement() {
        Agreement shelter = JsonCases.demo(SHELTER);
        UnrenderableHandover e = unrenderable(giuseppeTo(shelter, null), shelter);

        assertThat(e.field()).isEqualTo("placement");
        assertThat(e.getMessage()).contains("a placement request needs the handover's placement")
                .contains("partnerId: \"casa-accoglienza-san-martino\"");
    }

    @Test
    void aViolenceVictimsCaseNeverCarriesPlacementSoNoRequestIsRenderedAndTheRuleIsNamed() {
        Agreement anyLevel = JsonCases.shelterSharing(List.of("person.givenName", "needs", "placement"),
                List.of(Confidentiality.values()));
        Handover anna = JsonCases.annaHandover(List.of(SHELTER));
        HandoverDocument document = JsonCases.document(anna, JsonCases.anna(), anyLevel);

        UnrenderableHandover e = unrenderable(document, anyLevel);

        assertThat(e.field()).isEqualTo("placement");
        assertThat(e.getMessage()).contains("it may not leave the centre")
                .contains("violence victim's case: location, contact and placement never leave the centre");
    }

    @Test
    void aShelterWhoseAgreementDoesNotSharePlacementGetsNoRequestAndIsToldWhichRule() {
        Agreement noPlacement = JsonCases.shelterSharing(List.of("person.givenName", "needs"),
                List.of(Confidentiality.NORMAL));
        UnrenderableHandover e = unrenderable(giuseppeTo(noPlacement, JsonCases.sanMartino("PL-1")), noPlacement);

        assertThat(e.field()).isEqualTo("placement");
        assertThat(e.getMessage()).contains("not in agreement casa-accoglienza-san-martino's sharing.fields");
    }

    @Test
    void aPlacementWithAnotherShelterIsNotRequestedFromThisOne() {
        Agreement shelter = JsonCases.demo(SHELTER);
        Handover.Placement elsewhere = new Handover.Placement("other-shelter", "PL-9", null,
                Instant.parse("2026-01-10T23:45:00Z"), null);

        UnrenderableHandover e = unrenderable(giuseppeTo(shelter, elsewhere), shelter);

        assertThat(e.field()).isEqualTo("placement.partnerId");
        assertThat(e.getMessage()).contains("the placement is with other-shelter, not with casa-accoglienza-san-martino");
    }

    @Test
    void aPlacementIdTheShelterCouldNotAnswerToIsRefused() {
        Agreement shelter = JsonCases.demo(SHELTER);
        UnrenderableHandover e = unrenderable(giuseppeTo(shelter, JsonCases.sanMartino("-PL-1")), shelter);

        assertThat(e.field()).isEqualTo("placement.placementId");
        assertThat(e.getMessage()).contains("'-PL-1' cannot be answered");
    }
}
