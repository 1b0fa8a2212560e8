package it.pis.gateway.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The valid values below were computed independently of the class under test (DM 23/12/1976
 * odd/even tables for the 16-character codice fiscale, the partita IVA rule for the 11-digit one).
 */
class PersonalIdentifiersTest {

    @Test
    void validCodiceFiscaleIsRecognisedAndVerified() {
        assertValid(PersonalIdentifiers.identify("RSSMRA85T10A562S"), IdentifierType.CF, "RSSMRA85T10A562S");
    }

    @Test
    void wrongCheckCharacterIsKeptAndFlaggedWithExpectedAndFound() {
        Report.Identifier id = PersonalIdentifiers.identify("RSSMRA85T10A562X");

        assertThat(id.type()).isEqualTo(IdentifierType.CF);
        assertThat(id.value()).isEqualTo("RSSMRA85T10A562X");
        assertThat(id.valid()).isFalse();
        assertThat(id.problem()).isEqualTo("check character is X, expected S");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "RSSMRA85T10A56NH",   // last digit 2 -> N
            "RSSMRA85T10A5SNT",   // last two digits
            "RSSMRAURTMLARSNL"})  // every digit replaced
    void omocodiaVariantsWithTheirOwnCheckCharacterAreValid(String cf) {
        assertValid(PersonalIdentifiers.identify(cf), IdentifierType.CF, cf);
    }

    @Test
    void omocodiaVariantWithTheCheckCharacterOfTheOriginalIsFlagged() {
        Report.Identifier id = PersonalIdentifiers.identify("RSSMRA85T10A56NS");

        assertThat(id.valid()).isFalse();
        assertThat(id.problem()).isEqualTo("check character is S, expected H");
    }

    @Test
    void lowerCaseAndSurroundingBlanksAreNormalised() {
        assertValid(PersonalIdentifiers.identify("  rssmra85t10a562s "), IdentifierType.CF, "RSSMRA85T10A562S");
    }

    @Test
    void codiceFiscaleOfASurnameWhoseConsonantsAreStpIsNotTakenForAnStpCode() {
        // surname Stoppani -> S, T, P: a real codice fiscale may start like an STP code
        assertValid(PersonalIdentifiers.identify("STPMRA85T10F205N"), IdentifierType.CF, "STPMRA85T10F205N");
    }

    @Test
    void stpLikeCodiceFiscaleWithWrongCheckCharacterIsFlaggedOnItsCheckCharacter() {
        Report.Identifier id = PersonalIdentifiers.identify("STPMRA85T10F205X");

        assertThat(id.type()).isEqualTo(IdentifierType.CF);
        assertThat(id.valid()).isFalse();
        assertThat(id.problem()).isEqualTo("check character is X, expected N");
    }

    @Test
    void temporaryElevenDigitCodiceFiscaleWithRightCheckDigitIsValid() {
        assertValid(PersonalIdentifiers.identify("12345678903"), IdentifierType.CF, "12345678903");
        assertValid(PersonalIdentifiers.identify("80123456784"), IdentifierType.CF, "80123456784");
    }

    @Test
    void temporaryElevenDigitCodiceFiscaleWithWrongCheckDigitIsFlagged() {
        Report.Identifier id = PersonalIdentifiers.identify("12345678904");

        assertThat(id.type()).isEqualTo(IdentifierType.CF);
        assertThat(id.value()).isEqualTo("12345678904");
        assertThat(id.valid()).isFalse();
        assertThat(id.problem()).isEqualTo("check character is 4, expected 3");
    }

    @Test
    void stpAndEniCodesAreRecognisedByPrefixAndThirteenDigits() {
        assertValid(PersonalIdentifiers.identify("STP0301080000123"), IdentifierType.STP, "STP0301080000123");
        assertValid(PersonalIdentifiers.identify("eni0301080000456"), IdentifierType.ENI, "ENI0301080000456");
    }

    @ParameterizedTest
    @ValueSource(strings = {"STP030108000012", "STP03010800001234", "STP03010800001X3"})
    void malformedStpCodeIsKeptAndFlagged(String raw) {
        Report.Identifier id = PersonalIdentifiers.identify(raw);

        assertThat(id.type()).isEqualTo(IdentifierType.STP);
        assertThat(id.value()).isEqualTo(raw);
        assertThat(id.valid()).isFalse();
        assertThat(id.problem()).isEqualTo("STP code must be the prefix followed by 13 digits");
    }

    @Test
    void malformedEniCodeIsKeptAndFlagged() {
        Report.Identifier id = PersonalIdentifiers.identify("ENI12");

        assertThat(id.type()).isEqualTo(IdentifierType.ENI);
        assertThat(id.valid()).isFalse();
        assertThat(id.problem()).isEqualTo("ENI code must be the prefix followed by 13 digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSSMRA85T10A562", "RSSMRA85T10A562SS", "1234567890", ""})
    void wrongLengthIsFlaggedWithTheLengthFound(String raw) {
        Report.Identifier id = PersonalIdentifiers.identify(raw);

        assertThat(id.type()).isEqualTo(IdentifierType.CF);
        assertThat(id.valid()).isFalse();
        assertThat(id.problem()).isEqualTo(
                "codice fiscale must have 16 characters (or 11 digits), found " + raw.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "RSSMRA85Z10A562S",   // Z is not a month letter
            "RSSMR485T10A562S",   // digit in the surname/name part
            "RSSMRA85T10A56AS",   // A is not an omocodia letter
            "RSSMRA85T10A5621"})  // check character must be a letter
    void wrongShapeIsFlagged(String raw) {
        Report.Identifier id = PersonalIdentifiers.identify(raw);

        assertThat(id.type()).isEqualTo(IdentifierType.CF);
        assertThat(id.value()).isEqualTo(raw);
        assertThat(id.valid()).isFalse();
        assertThat(id.problem()).isEqualTo("codice fiscale does not have the shape AAAAAA00A00A000A");
    }

    private static void assertValid(Report.Identifier id, IdentifierType type, String value) {
        assertThat(id.type()).isEqualTo(type);
        assertThat(id.value()).isEqualTo(value);
        assertThat(id.valid()).as("valid, problem: %s", id.problem()).isTrue();
        assertThat(id.problem()).isNull();
    }
}
