package it.pis.gateway.inbound.json;

import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.FieldRule;
import it.pis.gateway.agreement.InvalidAgreementsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** json-rest mapping paths are JSON Pointers: checked when agreements load, read from the posted document. */
class JsonPointerMappingTest {

    final JsonPointerSyntax syntax = new JsonPointerSyntax();
    final JsonSourceReader reader = new JsonSourceReader(JsonMapper.builder().build().readTree("""
            {"person": {"familyName": "Rossi", "estimatedAge": 40, "a/b": "slash"}, "needs": ["food", null, "bed"],
             "consent": true, "location": {"lat": 45.5}}
            """));

    @Test
    void pointersAreValidOthersAreNot() {
        assertThat(syntax.problemWith("/person/familyName")).isEmpty();
        assertThat(syntax.problemWith("/person/a~1b")).isEmpty();
        assertThat(syntax.problemWith("person.familyName")).hasValueSatisfying(p -> assertThat(p).contains("must start with '/'"));
        assertThat(syntax.problemWith("PID-5-1")).isPresent();
        assertThat(syntax.problemWith("/person/a~2b")).hasValueSatisfying(p -> assertThat(p).contains("'~' must be followed by 0 or 1"));
    }

    @Test
    void readsScalarsAsTextAndArraysAsEachValue() {
        assertThat(reader.read(FieldRule.path("/person/familyName"))).containsExactly("Rossi");
        assertThat(reader.read(FieldRule.path("/person/estimatedAge"))).containsExactly("40");
        assertThat(reader.read(FieldRule.path("/person/a~1b"))).containsExactly("slash");
        assertThat(reader.read(FieldRule.path("/consent"))).containsExactly("true");
        assertThat(reader.read(FieldRule.path("/location/lat"))).containsExactly("45.5");
        assertThat(reader.read(FieldRule.path("/needs"))).containsExactly("food", "bed");
    }

    @Test
    void missingFieldsAndObjectsReadAsNothing() {
        assertThat(reader.read(FieldRule.path("/person/givenName"))).isEmpty();
        assertThat(reader.read(FieldRule.path("/person"))).isEmpty();
    }

    @Test
    void anAgreementWithAPathThatIsNotAPointerIsRefusedAtLoadNamingTheField(@TempDir Path folder) {
        AgreementFiles.write(folder, "uds-milano", AgreementFiles.replacing(AgreementFiles.demo("uds-milano"),
                "person.familyName: /person/familyName", "person.familyName: person.familyName"));

        assertThatThrownBy(() -> AgreementFiles.loader().load(folder))
                .isInstanceOf(InvalidAgreementsException.class)
                .hasMessageContaining("inbound[0].mapping.person.familyName.from")
                .hasMessageContaining("is not a JSON Pointer");
    }

    @Test
    void theDemoJsonAgreementsLoad() {
        var set = AgreementFiles.loader().load(AgreementFiles.DEMO);
        assertThat(set.byId("uds-milano").orElseThrow().inboundOn(JsonRest.CHANNEL).orElseThrow().mapping())
                .containsKeys("narrative", "person.familyName", "consent");
        assertThat(set.byId("cav-milano").orElseThrow().inboundOn(JsonRest.CHANNEL).orElseThrow().consentRequired()).isTrue();
    }
}
