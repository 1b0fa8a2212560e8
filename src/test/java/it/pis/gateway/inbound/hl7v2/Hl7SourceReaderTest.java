package it.pis.gateway.inbound.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.agreement.FieldRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Mapping paths read from a parsed message: direct, repeated, filtered, nested in groups, absent. */
class Hl7SourceReaderTest {

    /** REF^I12: PV2 sits inside the PATIENT_VISIT group, NTE repeats at the end. */
    static final String REF_I12 = "MSH|^~\\&|PS|OSPSANCARLO|PIS|PIS|20261126||REF^I12^REF_I12|R1|P|2.5\r"
            + "RF1||||||||||R1\r"
            + "PID|1||111^^^OSC^MR~RSSMRA85T10A562S^^^CF^CF~222^^^X^XX||Rossi^Mario\r"
            + "PV1|1|E\r"
            + "PV2|||||||||||||||||||||||||2\r"
            + "NTE|1||Found at the station\r"
            + "NTE|2||Speaks only Tigrinya\r";

    final Hl7SourceReader reader = new Hl7SourceReader(parse(REF_I12));

    @Test
    void directPathReadsOneValue() {
        assertThat(reader.read(FieldRule.path("PID-5-2"))).containsExactly("Mario");
        assertThat(reader.read(FieldRule.path("PID-3(2)-1"))).containsExactly("222");
    }

    @Test
    void segmentInsideAGroupIsFoundWithoutNamingTheGroup() {
        assertThat(reader.read(FieldRule.path("PV2-25"))).containsExactly("2");
    }

    @Test
    void repeatedSegmentsAreReadInMessageOrder() {
        assertThat(reader.read(FieldRule.path("NTE(*)-3"))).containsExactly("Found at the station", "Speaks only Tigrinya");
        assertThat(reader.read(FieldRule.path("NTE-3"))).containsExactly("Found at the station");
    }

    @Test
    void whereKeepsOnlyTheMatchingFieldRepetition() {
        FieldRule cf = new FieldRule("PID-3(*)-1", Map.of("PID-3(*)-5", List.of("CF", "NNITA")), null, null);
        assertThat(reader.read(cf)).containsExactly("RSSMRA85T10A562S");
        assertThat(reader.read(FieldRule.path("PID-3(*)-1"))).containsExactly("111", "RSSMRA85T10A562S", "222");
    }

    @Test
    void whatTheMessageLacksReadsAsEmpty() {
        assertThat(reader.read(FieldRule.path("ZZZ-1"))).isEmpty();
        assertThat(reader.read(FieldRule.path("PID-250"))).isEmpty();
        assertThat(reader.read(FieldRule.path("PID-3(9)-1"))).isEmpty();
        assertThat(reader.read(FieldRule.path("NTE(5)-3"))).isEmpty();
        assertThat(reader.read(FieldRule.path("OBX(*)-5"))).isEmpty();
    }

    @Test
    void pathSyntax() {
        assertThat(Hl7Path.parse("PID-3(*)-1-2")).contains(new Hl7Path("PID", 0, 3, -1, 1, 2));
        assertThat(Hl7Path.parse("NTE(2)-3")).contains(new Hl7Path("NTE", 2, 3, 0, 1, 1));
        assertThat(Hl7Path.parse("NTE(*)-3(*)")).isEmpty();
        assertThat(Hl7Path.parse("/.PID-5")).isEmpty();
        assertThat(Hl7Path.parse("pid-5")).isEmpty();
        assertThat(Hl7Path.parse("PID-5-1-1-1")).isEmpty();
    }

    private static Message parse(String er7) {
        // not closed: closing a HAPI context stops the executor that HAPI shares between contexts
        HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        try {
            return hapi.getPipeParser().parse(er7);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
