package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/** Italian accented names survive ISO-8859-1 (agreement default or MSH-18) and UTF-8 (MSH-18). */
class Hl7CharsetTest extends GatewayIntegrationTest {

    private static final String FAMILY = "Àèéìòù D'Alò";
    private static final String GIVEN = "Niccolò Felicità";

    @Test
    void latin1WithoutMsh18UsesTheAgreementCharset() throws Exception {
        assertNamesSurvive(new Terser(sendWithHapi(adtA04(uniqueId(), FAMILY, GIVEN, null), LATIN1)));
    }

    @Test
    void utf8DeclaredInMsh18() throws Exception {
        assertNamesSurvive(new Terser(sendWithHapi(adtA04(uniqueId(), FAMILY, GIVEN, "UNICODE UTF-8"),
                StandardCharsets.UTF_8)));
    }

    @Test
    void latin1DeclaredInMsh18() throws Exception {
        String ack = sendRaw(LATIN1, bytes(adtA04(uniqueId(), FAMILY, GIVEN, "8859/1"), LATIN1)).get(0);
        assertNamesSurvive(terser(ack));
    }

    private void assertNamesSurvive(Terser ack) throws Exception {
        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        String report = get("/api/reports/" + ack.get("/MSA-3").replace("report ", "")).body();
        assertThat(report).contains("\"familyName\":\"" + FAMILY + "\"", "\"givenName\":\"" + GIVEN + "\"");
    }
}
