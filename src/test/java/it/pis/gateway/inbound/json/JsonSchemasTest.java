package it.pis.gateway.inbound.json;

import it.pis.gateway.inbound.json.JsonRest.DocumentType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonSchemasTest {

    static final JsonSchemas SCHEMAS = new JsonSchemas();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aValidReportHasNoProblems() {
        assertThat(SCHEMAS.problems(DocumentType.Report, JSON.readTree("""
                {"narrative": "uomo che dorme in stazione", "urgency": "urgent", "consent": true,
                 "person": {"familyName": "Rossi", "birthDate": "1970-01-31", "sex": "M"},
                 "location": {"municipalityIstat": "015146", "lat": 45.48, "lon": 9.2}, "needs": ["shelter"]}
                """))).isEmpty();
    }

    @Test
    void everyProblemNamesItsFieldAsAJsonPointerAndTheRule() {
        var problems = SCHEMAS.problems(DocumentType.Report, JSON.readTree("""
                {"person": {"birthDate": "31/01/1970", "nickname": "x"}, "urgency": "soon"}
                """));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/narrative: ").contains("required"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/person/birthDate: ").contains("format"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/person/nickname: ").contains("additionalProperties"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/urgency: ").contains("enum"));
    }

    @Test
    void bedAvailabilityAcceptsOnlyTheFourKindsWithCountAndUntil() {
        assertThat(SCHEMAS.problems(DocumentType.BedAvailability, JSON.readTree("""
                {"structure": "via-rovello", "beds": {"men": {"free": 3, "until": "2026-03-01T08:00:00+01:00"}}}
                """))).isEmpty();
        var problems = SCHEMAS.problems(DocumentType.BedAvailability, JSON.readTree("""
                {"structure": "via-rovello", "beds": {"pets": {"free": 1, "until": "2026-03-01T08:00:00Z"},
                 "women": {"free": -1, "until": "tomorrow"}}}
                """));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/beds/pets: ").contains("propertyNames"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/beds/women/free: ").contains("minimum"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("/beds/women/until: ").contains("format"));
    }

    @Test
    void aDeclineNeedsAReasonFromTheList() {
        assertThat(SCHEMAS.problems(DocumentType.PlacementDecline, JSON.readTree("{\"reason\": \"NO_BEDS\"}"))).isEmpty();
        assertThat(SCHEMAS.problems(DocumentType.PlacementDecline, JSON.readTree("{}")))
                .anySatisfy(p -> assertThat(p).startsWith("/reason: ").contains("required"));
    }
}
