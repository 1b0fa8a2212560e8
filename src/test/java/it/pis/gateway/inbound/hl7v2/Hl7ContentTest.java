package it.pis.gateway.inbound.hl7v2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What two uses of one MSH-10 are compared by: everything but MSH-7 and trailing segment ends. */
class Hl7ContentTest {

    static final String ADT = "MSH|^~\\&|PS|OSPSANCARLO|PIS|PIS|20261126031500||ADT^A04^ADT_A01|C1|P|2.5\r"
            + "PID|1||556677^^^OSC^MR||Rossi^Mario||19851210|M\r";

    @Test
    void aNewSendTimeOrMoreTrailingSegmentEndsIsTheSameContent() {
        assertThat(Hl7Content.hash(ADT.replace("20261126031500", "20261126041733+0100") + "\r\r"))
                .isEqualTo(Hl7Content.hash(ADT));
    }

    @Test
    void anotherPatientOrAnotherHeaderFieldIsOtherContent() {
        assertThat(Hl7Content.hash(ADT.replace("Rossi^Mario", "Bianchi^Luca"))).isNotEqualTo(Hl7Content.hash(ADT));
        assertThat(Hl7Content.hash(ADT.replace("|P|2.5", "|T|2.5"))).isNotEqualTo(Hl7Content.hash(ADT));
    }

    @Test
    void onlyMsh7IsEmptiedWhateverTheFieldSeparator() {
        assertThat(Hl7Content.withoutSendTime("MSH#^~\\&#A#B#C#D#20261126#X#ADT^A01#C1\rPID#1"))
                .isEqualTo("MSH#^~\\&#A#B#C#D##X#ADT^A01#C1\rPID#1");
        assertThat(Hl7Content.withoutSendTime("MSH|^~\\&|A|B|C|D|20261126")).isEqualTo("MSH|^~\\&|A|B|C|D|");
        assertThat(Hl7Content.withoutSendTime("MSH|^~\\&|A\rPID|1|2|3|4|5|6")).isEqualTo("MSH|^~\\&|A\rPID|1|2|3|4|5|6");
    }
}
