package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.mllp.MllpFrame;
import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.inbound.InboundRejection.Cause;
import it.pis.gateway.inbound.InboundRejection.Kind;
import it.pis.gateway.report.IdentifierType;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.Sex;
import it.pis.gateway.report.Urgency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;

import static it.pis.gateway.agreement.AgreementFiles.SAN_CARLO;
import static it.pis.gateway.inbound.hl7v2.Hl7Messages.ACCENTED_FAMILY_NAME;
import static it.pis.gateway.inbound.hl7v2.Hl7Messages.INTAKE;
import static it.pis.gateway.inbound.hl7v2.Hl7Messages.sanCarloAdtA03;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class Hl7IntakeTest {

    @Test
    void identifiesThePartnerAndTheMessage() {
        InboundMessage message = INTAKE.identify(null, sanCarloAdtA03().frame(ISO_8859_1));

        assertThat(message.partnerId()).isEqualTo("ospedale-san-carlo");
        assertThat(message.claimedIdentity()).isEqualTo("OSPSANCARLO");
        assertThat(message.externalId()).isEqualTo("263206");
        assertThat(message.messageType()).isEqualTo("ADT^A03");
        assertThat(message.charset()).isEqualTo(ISO_8859_1);
    }

    @Test
    void aLongRunOfSpacesInsideAFieldIsReadWithoutStalling() {
        // HAPI trims each value with a regular expression that backtracks over a run of spaces followed by
        // text (see Hl7AcknowledgementsTest): the intake must not hand such a value to it whole.
        // A first message loads the classes, so that the time limit catches a stall, not a cold start.
        report(sanCarloAdtA03());
        Report report = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> report(sanCarloAdtA03().with("PID", 5, "ROS" + " ".repeat(300_000) + "SI^MARIA")),
                "reading a message with a long run of spaces stalled");

        assertThat(report.person().givenName()).isEqualTo("MARIA");
    }

    @Test
    void mapsNamesBirthDateAndSex() {
        Report.Person person = report(sanCarloAdtA03().with("PID", 5, "ROSSI^MARIA")).person();

        assertThat(person.familyName()).isEqualTo("ROSSI");
        assertThat(person.givenName()).isEqualTo("MARIA");
        assertThat(person.birthDate()).isEqualTo(LocalDate.of(1983, 8, 24));
        assertThat(person.sex()).isEqualTo(Sex.F);
    }

    @Test
    void translatesSexThroughTheValueMap() {
        assertThat(report(sanCarloAdtA03().with("PID", 8, "A")).person().sex()).isEqualTo(Sex.OTHER);
        assertThat(report(sanCarloAdtA03().with("PID", 8, "U")).person().sex()).isEqualTo(Sex.UNKNOWN);
    }

    @Test
    void takesTheCodiceFiscaleFromTheRepetitionWhoseTypeIsCf() {
        Report report = report(sanCarloAdtA03().with("PID", 3,
                "5520255^^^PK^PK~ZZZZZZ83M64Z148R^^^SSN^SSN~RSSMRA85T10A562S^^^CF^CF~^^^^TEAM"));

        assertThat(report.person().identifier())
                .isEqualTo(new Report.Identifier(IdentifierType.CF, "RSSMRA85T10A562S", true, null));
    }

    @Test
    void keepsAndFlagsACodiceFiscaleWithAWrongCheckCharacter() {
        // the corpus message as it is: its CF repetition ends in R where the check character is N
        Report.Identifier identifier = report(sanCarloAdtA03()).person().identifier();

        assertThat(identifier.value()).isEqualTo("ZZZZZZ83M64Z148R");
        assertThat(identifier.valid()).isFalse();
        assertThat(identifier.problem()).isEqualTo("check character is R, expected N");
    }

    @Test
    void fillsTheSourceWithTheAgreementDefaultSourceType() {
        Report.Source source = report(sanCarloAdtA03()).source();

        assertThat(source).isEqualTo(new Report.Source("ospedale-san-carlo", "hospital", "hl7v2-mllp", "263206",
                "ADT^A03", "3"));
    }

    @ParameterizedTest
    @CsvSource({"1, EMERGENCY", "2, URGENT", "3, ORDINARY", "9, URGENT"})
    void translatesUrgencyFromPv2AndFallsBackToTheDefaultForUnmappedCodes(String pv2, Urgency expected) {
        Hl7Messages message = sanCarloAdtA03().withSegmentAfter("PV1", "PV2").with("PV2", 25, pv2);

        assertThat(report(message).urgency()).isEqualTo(expected);
    }

    @Test
    void usesTheDefaultUrgencyWhenTheMessageHasNoPv2() {
        assertThat(sanCarloAdtA03().text()).doesNotContain("PV2|");

        assertThat(report(sanCarloAdtA03()).urgency()).isEqualTo(Urgency.URGENT);
    }

    @Test
    void leavesFieldsTheMessageDoesNotCarryEmpty() {
        Report report = report(sanCarloAdtA03());

        assertThat(report.person().citizenship()).isNull();
        assertThat(report.person().language()).isNull();
        assertThat(report.person().estimatedAge()).isNull();
        assertThat(report.narrative()).isNull();
        assertThat(report.location()).isNull();
        assertThat(report.contact()).isNull();
        assertThat(report.confidentiality()).isNull();
        assertThat(report.consent()).isNull();
        assertThat(report.targetGroups()).isEmpty();
        assertThat(report.needs()).isEmpty();
    }

    @Test
    void aBirthDateThatIsNotADateFailsTheMappingNamingFieldAndPath() {
        MllpFrame frame = sanCarloAdtA03().with("PID", 7, "19831345").frame(ISO_8859_1);
        InboundRejection rejection = assertThrows(InboundRejection.class, () -> INTAKE.map(INTAKE.identify(null, frame)));

        assertRejection(rejection, Kind.ERROR, Cause.MAPPING_FAILED,
                "mapping failed on field person.birthDate (PID-7): '19831345' is not a date");
    }

    @Test
    void rejectsAnUnknownSendingFacility() {
        assertRejection(identifyFails(sanCarloAdtA03().with("MSH", 4, "OSPIGNOTO").bytes(ISO_8859_1)),
                Kind.REJECT, Cause.UNKNOWN_PARTNER,
                "unknown partner: no agreement claims sendingFacility (MSH-4) 'OSPIGNOTO' on hl7v2-mllp");
    }

    @Test
    void rejectsAMessageTypeTheAgreementDoesNotAccept() {
        assertRejection(identifyFails(sanCarloAdtA03().with("MSH", 9, "ORU^R01").bytes(ISO_8859_1)),
                Kind.REJECT, Cause.TYPE_NOT_ACCEPTED,
                "agreement ospedale-san-carlo does not accept ORU^R01 (inbound[0].accept)");
    }

    @Test
    void rejectsBytesWithoutAnMshSegment() {
        assertRejection(identifyFails("this is not HL7\r".getBytes(ISO_8859_1)),
                Kind.REJECT, Cause.UNPARSEABLE, "cannot read the MSH segment");
    }

    @Test
    void rejectsAnEmptyMessageControlId() {
        assertRejection(identifyFails(sanCarloAdtA03().with("MSH", 10, "").bytes(ISO_8859_1)),
                Kind.REJECT, Cause.UNPARSEABLE, "MSH-10 (message control id) is empty");
    }

    @Test
    void rejectsATruncatedFrameAsTooLarge() {
        byte[] head = Arrays.copyOf(sanCarloAdtA03().bytes(ISO_8859_1), 120);

        InboundRejection rejection = assertThrows(InboundRejection.class,
                () -> INTAKE.identify(null, new MllpFrame(head, true, 5_000_000)));

        assertRejection(rejection, Kind.REJECT, Cause.TOO_LARGE,
                "message of 5000000 bytes exceeds the listener's limit");
        assertThat(rejection.inbound().externalId()).isEqualTo("263206");
    }

    @Test
    void rejectsAnUnknownMsh18CharacterSet() {
        assertRejection(identifyFails(sanCarloAdtA03().with("MSH", 18, "KLINGON-8").bytes(ISO_8859_1)),
                Kind.REJECT, Cause.UNPARSEABLE, "MSH-18 'KLINGON-8' is not a character set the gateway knows");
    }

    @ParameterizedTest(name = "MSH-18 \"{0}\", bytes in {1}")
    @CsvSource({"'', ISO-8859-1", "UNICODE UTF-8, UTF-8", "8859/1, ISO-8859-1"})
    void readsAccentedNamesInTheCharsetTheMessageOrAgreementNames(String msh18, Charset encoding) {
        Hl7Messages message = sanCarloAdtA03().with("PID", 5, ACCENTED_FAMILY_NAME + "^Nicolò").with("MSH", 18, msh18);

        Report.Person person = report(message.frame(encoding)).person();

        assertThat(person.familyName()).isEqualTo(ACCENTED_FAMILY_NAME);
        assertThat(person.givenName()).isEqualTo("Nicolò");
    }

    @Test
    void withoutMsh18TheAgreementCharsetAppliesEvenToUtf8Bytes() {
        byte[] utf8 = sanCarloAdtA03().with("PID", 5, ACCENTED_FAMILY_NAME).bytes(UTF_8);

        Report.Person person = report(Hl7Messages.frame(utf8)).person();

        assertThat(person.familyName()).isEqualTo(new String(ACCENTED_FAMILY_NAME.getBytes(UTF_8), ISO_8859_1));
    }

    private static Report report(Hl7Messages message) {
        return report(message.frame(ISO_8859_1));
    }

    @Test
    void aMessageShorterThanAByteOrderMarkIsRefusedAsUnparseable() {
        // found by Er7ReaderPropertyTest: HAPI's CharSetUtil.withoutBOM threw ArrayIndexOutOfBoundsException
        for (String tiny : new String[] {"", "M", "|1\r", "MSH"}) {
            assertRejection(identifyFails(tiny.getBytes(ISO_8859_1)), Kind.REJECT, Cause.UNPARSEABLE, "unparseable");
        }
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = sanCarloAdtA03().with("MSH", 18, "UNICODE UTF-8").bytes(UTF_8);
        byte[] withBom = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(text, 0, withBom, bom.length, text.length);

        assertThat(INTAKE.identify(null, Hl7Messages.frame(withBom)).raw()).isEqualTo(text);
    }

    private static Report report(MllpFrame frame) {
        return INTAKE.map(INTAKE.identify(null, frame)).report();
    }

    private static InboundRejection identifyFails(byte[] bytes) {
        InboundRejection rejection = assertThrows(InboundRejection.class, () -> INTAKE.identify(null, Hl7Messages.frame(bytes)));
        assertThat(rejection.inbound().raw()).isEqualTo(bytes);
        return rejection;
    }

    private static void assertRejection(InboundRejection rejection, Kind kind, Cause cause, String messagePart) {
        assertThat(rejection.kind()).isEqualTo(kind);
        assertThat(rejection.cause()).isEqualTo(cause);
        assertThat(rejection.getMessage()).contains(messagePart);
    }

    @Test
    void partnerWhoseAgreementRequiresTlsIsRefusedOnThePlainListener(@TempDir Path dir) {
        AgreementFiles.write(dir, "ospedale-san-carlo.yaml", AgreementFiles.replacing(AgreementFiles.demo(SAN_CARLO),
                "    accept: [", "    requireTls: true\n    accept: ["));
        Hl7Intake intake = new Hl7Intake(new AgreementRegistry(AgreementFiles.loader(), dir), null, ISO_8859_1);

        MllpFrame frame = sanCarloAdtA03().frame(ISO_8859_1);
        InboundRejection rejection = assertThrows(InboundRejection.class, () -> intake.identify(null, frame));

        assertThat(rejection.kind()).isEqualTo(Kind.REJECT);
        assertThat(rejection.cause()).isEqualTo(Cause.TLS_REQUIRED);
        assertThat(rejection.getMessage()).contains("ospedale-san-carlo requires TLS (inbound[0].requireTls)");
    }
}
