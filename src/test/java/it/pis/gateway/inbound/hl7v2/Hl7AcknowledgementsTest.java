package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.mllp.MllpFrame;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneId;

import static it.pis.gateway.inbound.hl7v2.Hl7Messages.INTAKE;
import static it.pis.gateway.inbound.hl7v2.Hl7Messages.sanCarloAdtA03;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class Hl7AcknowledgementsTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();
    private static final PipeParser PARSER = parser();

    private final Hl7Acknowledgements acks = new Hl7Acknowledgements("PISGW", "PISMILANO", ZoneId.of("Europe/Rome"));

    @AfterAll
    static void stopCamel() {
        CAMEL.stop();
    }

    @Test
    void aHugeSendingApplicationIsEchoedAndTheAckStillBuilt() throws HL7Exception {
        // found by ChannelFuzzTest: HAPI's default validation refused the echoed MSH-3, and no ACK was sent at all
        String application = "PS" + "à".repeat(300);
        String er7 = it.pis.gateway.it.Hl7Fixtures.adtA04("BIG-MSH3", "Rossi", "Mario", null).replace("|PS-ADT|", "|" + application + "|");
        InboundMessage message = INTAKE.map(INTAKE.identify(null, Hl7Messages.frame(er7.getBytes(ISO_8859_1))));
        message.journaled(InboundMessage.Outcome.NEW_REPORT, message.report());

        Terser ack = parse(acks.accepted(message), ISO_8859_1);

        assertThat(ack.get("MSA-1")).isEqualTo("AA");
        assertThat(ack.get("MSH-5")).isEqualTo(application);
    }

    @Test
    void aLongRunOfSpacesInAnEchoedValueNeverStallsTheAck() throws HL7Exception {
        // found by ChannelFuzzTest: 300,000 spaces inside MSH-9 reached ERR-8 through the cause; HAPI trims
        // every value it is given with a regular expression that backtracks over a run of spaces followed
        // by text (quadratic), so the message's thread never finished the ACK and the sender waited forever
        String er7 = it.pis.gateway.it.Hl7Fixtures.adtA04("SPACES-1", "Rossi", "Mario", null)
                .replace("|ADT^A04", "|ADT^A0" + " ".repeat(300_000) + "4");
        InboundRejection rejection = rejection(() -> INTAKE.identify(null, Hl7Messages.frame(er7.getBytes(ISO_8859_1))));

        byte[] ack = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> acks.rejected(exchange(rejection)),
                "the ACK was not built: a value from the sender stalled it");

        Terser parsed = parse(ack, ISO_8859_1);
        assertThat(parsed.get("MSA-1")).isEqualTo("AR");
        assertThat(parsed.get("ERR-8")).contains("does not accept ADT^A0").hasSizeLessThanOrEqualTo(Hl7Acknowledgements.MAX_ECHOED);
    }

    @Test
    void mllpBlockBytesInTheSendersHeaderNeverReachTheAck() throws HL7Exception {
        // found by ChannelFuzzTest: a VT echoed from MSH-3 cut the ACK's MLLP block in two on the sender's side
        String er7 = it.pis.gateway.it.Hl7Fixtures.adtA04("CTRL-1", "Rossi", "Mario", null)
                .replace("|PS-ADT|OSPSANCARLO|", "|\u000bPS-ADT|OSP\u001cSANCARLO|");
        InboundRejection rejection = rejection(() -> INTAKE.identify(null, Hl7Messages.frame(er7.getBytes(ISO_8859_1))));

        byte[] ack = acks.rejected(exchange(rejection));

        assertThat(ack).doesNotContain((byte) 0x0B, (byte) 0x1C);
        Terser parsed = parse(ack, ISO_8859_1);
        assertThat(parsed.get("MSA-1")).isEqualTo("AR");
        assertThat(parsed.get("MSH-5")).isEqualTo("?PS-ADT");
        assertThat(parsed.get("ERR-8")).contains("'OSP?SANCARLO'");
    }

    @Test
    void acceptedAnswersAaEchoingTheControlId() throws HL7Exception {
        InboundMessage message = INTAKE.map(INTAKE.identify(null, sanCarloAdtA03().frame(ISO_8859_1)));
        message.journaled(InboundMessage.Outcome.NEW_REPORT, message.report());

        Terser ack = parse(acks.accepted(message), ISO_8859_1);

        assertThat(ack.get("MSA-1")).isEqualTo("AA");
        assertThat(ack.get("MSA-2")).isEqualTo("263206");
        assertThat(ack.get("MSA-3")).isEqualTo("report " + message.reportId());
        assertThat(ack.get("MSH-3")).isEqualTo("PISGW");
        assertThat(ack.get("MSH-4")).isEqualTo("PISMILANO");
        assertThat(ack.get("MSH-5")).isEqualTo("IRIS");
        assertThat(ack.get("MSH-6")).isEqualTo("OSPSANCARLO");
        assertThat(ack.get("MSH-9-1")).isEqualTo("ACK");
        assertThat(ack.get("MSH-9-2")).isEqualTo("A03");
        assertThat(ack.get("MSH-10")).isNotBlank().isNotEqualTo("263206");
        assertThat(ack.get("ERR-3-1")).isNull();
    }

    @Test
    void acceptedDuplicateSaysWhichReportItIs() throws HL7Exception {
        InboundMessage message = INTAKE.map(INTAKE.identify(null, sanCarloAdtA03().frame(ISO_8859_1)));
        message.journaled(InboundMessage.Outcome.DUPLICATE, message.report());

        Terser ack = parse(acks.accepted(message), ISO_8859_1);

        assertThat(ack.get("MSA-1")).isEqualTo("AA");
        assertThat(ack.get("MSA-3")).isEqualTo("duplicate of an accepted message: report " + message.reportId());
    }

    @Test
    void internalErrorBeforeAnythingWasReadStillEchoesTheControlId() throws HL7Exception {
        Exchange exchange = exchange(new IllegalStateException("bean binding failed"));
        exchange.getMessage().setBody(sanCarloAdtA03().frame(ISO_8859_1));

        Terser ack = parse(acks.rejected(exchange), ISO_8859_1);

        assertThat(ack.get("MSA-1")).isEqualTo("AE");
        assertThat(ack.get("MSA-2")).isEqualTo("263206");
        assertThat(ack.get("ERR-8")).isEqualTo("internal error, the message was NOT stored, please resend: IllegalStateException");
    }

    @Test
    void aLineBreakInTheCauseDoesNotBreakTheAck() throws HL7Exception {
        InboundMessage message = INTAKE.identify(null, sanCarloAdtA03().frame(ISO_8859_1));
        InboundRejection rejection = new InboundRejection(InboundRejection.Kind.REJECT,
                InboundRejection.Cause.UNPARSEABLE, "unparseable: version 2.5\nPID is not recognized", message);

        String ack = new String(acks.rejected(exchange(rejection)), ISO_8859_1);

        assertThat(ack.split("\r")).extracting(segment -> segment.substring(0, 3)).containsExactly("MSH", "MSA", "ERR");
        assertThat(parse(ack.getBytes(ISO_8859_1), ISO_8859_1).get("ERR-8"))
                .isEqualTo("unparseable: version 2.5 PID is not recognized");
    }

    @Test
    void typeNotAcceptedIsRejectedWithArAndCode200() throws HL7Exception {
        MllpFrame frame = sanCarloAdtA03().with("MSH", 9, "ORU^R01").frame(ISO_8859_1);
        InboundRejection rejection = rejection(() -> INTAKE.identify(null, frame));

        Terser ack = parse(acks.rejected(exchange(rejection)), ISO_8859_1);

        assertError(ack, "AR", "200", "TYPE_NOT_ACCEPTED", rejection.getMessage());
        assertThat(ack.get("MSA-2")).isEqualTo("263206");
        assertThat(ack.get("MSA-3")).contains("ORU^R01 (inbound[0].accept)");
    }

    @Test
    void unknownPartnerIsRejectedWithArAndCode204() throws HL7Exception {
        MllpFrame frame = sanCarloAdtA03().with("MSH", 4, "OSPIGNOTO").frame(ISO_8859_1);
        InboundRejection rejection = rejection(() -> INTAKE.identify(null, frame));

        assertError(parse(acks.rejected(exchange(rejection)), ISO_8859_1),
                "AR", "204", "UNKNOWN_PARTNER", rejection.getMessage());
    }

    @Test
    void mappingFailureIsAnErrorWithAeAndCode102() throws HL7Exception {
        MllpFrame frame = sanCarloAdtA03().with("PID", 7, "19831345").frame(ISO_8859_1);
        InboundRejection rejection = rejection(() -> INTAKE.map(INTAKE.identify(null, frame)));

        assertError(parse(acks.rejected(exchange(rejection)), ISO_8859_1),
                "AE", "102", "MAPPING_FAILED", rejection.getMessage());
    }

    @Test
    void unreadableMessageIsRejectedWithoutAControlIdToEcho() throws HL7Exception {
        InboundRejection rejection = rejection(() -> INTAKE.identify(null, 
                Hl7Messages.frame("GARBAGE\r".getBytes(ISO_8859_1))));

        Terser ack = parse(acks.rejected(exchange(rejection)), ISO_8859_1);

        assertError(ack, "AR", "100", "UNPARSEABLE", rejection.getMessage());
        assertThat(ack.get("MSA-2")).isNull();
    }

    @Test
    void rejectionIsEncodedInTheMessageCharsetAndEchoesMsh18() throws HL7Exception {
        MllpFrame frame = sanCarloAdtA03().with("MSH", 18, "UNICODE UTF-8").with("PID", 7, "nato a Città").frame(UTF_8);
        InboundRejection rejection = rejection(() -> INTAKE.map(INTAKE.identify(null, frame)));

        Terser ack = parse(acks.rejected(exchange(rejection)), UTF_8);

        assertError(ack, "AE", "102", "MAPPING_FAILED", rejection.getMessage());
        assertThat(ack.get("ERR-8")).contains("'nato a Città'");
        assertThat(ack.get("MSH-18")).isEqualTo("UNICODE UTF-8");
    }

    @Test
    void anyOtherFailureIsAnInternalErrorAskingToResend() throws HL7Exception {
        InboundMessage message = INTAKE.identify(null, sanCarloAdtA03().frame(ISO_8859_1));
        Exchange exchange = exchange(new IllegalStateException("disk full"));
        exchange.getMessage().setBody(message);

        Terser ack = parse(acks.rejected(exchange), ISO_8859_1);

        assertError(ack, "AE", "207", "INTERNAL",
                "internal error, the message was NOT stored, please resend: IllegalStateException");
        assertThat(ack.get("MSA-2")).isEqualTo("263206");
    }

    @Test
    void anInternalErrorWithoutAMessageStillGivesAnAck() throws HL7Exception {
        Terser ack = parse(acks.rejected(exchange(null)), ISO_8859_1);

        assertError(ack, "AE", "207", "INTERNAL", "internal error, the message was NOT stored, please resend: unknown");
    }

    private static void assertError(Terser ack, String code, String table0357, String name, String text)
            throws HL7Exception {
        assertThat(ack.get("MSA-1")).isEqualTo(code);
        assertThat(ack.get("MSA-3")).isEqualTo(text.length() <= 80 ? text : text.substring(0, 77) + "...");
        assertThat(ack.get("ERR-3-1")).isEqualTo(table0357);
        assertThat(ack.get("ERR-3-2")).isEqualTo(name);
        assertThat(ack.get("ERR-3-3")).isEqualTo("HL70357");
        assertThat(ack.get("ERR-4")).isEqualTo("E");
        assertThat(ack.get("ERR-8")).isEqualTo(text);
    }

    private static InboundRejection rejection(Executable step) {
        return assertThrows(InboundRejection.class, step);
    }

    /** An exchange as the route's error handler leaves it: the failure in {@code Exchange.EXCEPTION_CAUGHT}. */
    private static Exchange exchange(Exception caught) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, caught);
        return exchange;
    }

    private static Terser parse(byte[] ack, Charset charset) throws HL7Exception {
        return new Terser(PARSER.parse(new String(ack, charset)));
    }

    /** HAPI parser for the ACK as a receiver would read it (structures v2.5.1, the only ones on the classpath). */
    private static PipeParser parser() {
        HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        return hapi.getPipeParser();
    }
}
