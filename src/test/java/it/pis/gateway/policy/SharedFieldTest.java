package it.pis.gateway.policy;

import it.pis.gateway.agreement.AgreementLoader;
import it.pis.gateway.agreement.InvalidAgreementsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sharing vocabulary is one list: the agreement schema and the policy agree, and loading refuses anything else. */
class SharedFieldTest {

    @Test
    void theAgreementSchemaListsExactlyTheSharedFields() throws Exception {
        JsonNode schema = JsonMapper.builder().build().readTree(Files.readString(Path.of("protocols/agreement.schema.json")));
        JsonNode items = schema.at("/$defs/sharing/properties/fields/items/enum");
        List<String> inSchema = StreamSupport.stream(items.spliterator(), false).map(JsonNode::asString).toList();

        assertThat(inSchema).containsExactlyElementsOf(Arrays.stream(SharedField.values()).map(SharedField::path).toList());
    }

    @Test
    void loadingRefusesASharingFieldThatNamesNoHandoverOrReportField(@TempDir Path folder) throws Exception {
        String agreement = Files.readString(Path.of("protocols/servizi-sociali-milano-municipio-2.yaml"))
                .replace("fields: [person.familyName,", "fields: [person.mothersName, person.familyName,");
        Files.writeString(folder.resolve("servizi-sociali-milano-municipio-2.yaml"), agreement);

        assertThatThrownBy(() -> new AgreementLoader(List.of()).load(folder))
                .isInstanceOf(InvalidAgreementsException.class)
                .hasMessageContaining("sharing.fields[0]")
                .hasMessageContaining("person.mothersName");
    }
}
