package it.pis.gateway.report;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises Italian personal identifiers and verifies what can be verified.
 * <ul>
 *   <li>codice fiscale, 16 characters (DM 23/12/1976), including omocodia substitutions:
 *       the check character (position 16) is recomputed;</li>
 *   <li>temporary codice fiscale, 11 digits: its Luhn-style check digit is recomputed;</li>
 *   <li>STP (foreigners without a permit) and ENI (EU citizens without health cover) codes:
 *       the prefix plus 13 digits; they carry no check character, so only the shape is checked.</li>
 * </ul>
 * An identifier that fails a check is kept and flagged, never dropped: a person with a mistyped
 * codice fiscale still needs help.
 */
public final class PersonalIdentifiers {

    private static final Pattern CF16 = Pattern.compile(
            "[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]");
    private static final Pattern CF11 = Pattern.compile("[0-9]{11}");
    private static final Pattern STP_ENI = Pattern.compile("(STP|ENI)[0-9]{13}");
    /** Values of characters in odd positions (1st, 3rd, ...), indexed by digit or letter. */
    private static final int[] ODD = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16,
            10, 22, 25, 24, 23};

    private PersonalIdentifiers() {
    }

    public static Report.Identifier identify(String raw) {
        String value = raw.strip().toUpperCase(Locale.ROOT);
        if (STP_ENI.matcher(value).matches()) {
            return new Report.Identifier(IdentifierType.valueOf(value.substring(0, 3)), value, true, null);
        }
        if ((value.startsWith("STP") || value.startsWith("ENI")) && !CF16.matcher(value).matches()) {
            return new Report.Identifier(IdentifierType.valueOf(value.substring(0, 3)), value, false,
                    value.substring(0, 3) + " code must be the prefix followed by 13 digits");
        }
        if (CF11.matcher(value).matches()) {
            char expected = temporaryCheckDigit(value);
            return checked(value, value.charAt(10), expected);
        }
        if (value.length() != 16) {
            return new Report.Identifier(IdentifierType.CF, value, false,
                    "codice fiscale must have 16 characters (or 11 digits), found " + value.length());
        }
        if (!CF16.matcher(value).matches()) {
            return new Report.Identifier(IdentifierType.CF, value, false,
                    "codice fiscale does not have the shape AAAAAA00A00A000A");
        }
        return checked(value, value.charAt(15), checkCharacter(value));
    }

    private static Report.Identifier checked(String value, char found, char expected) {
        if (found == expected) {
            return new Report.Identifier(IdentifierType.CF, value, true, null);
        }
        return new Report.Identifier(IdentifierType.CF, value, false,
                "check character is " + found + ", expected " + expected);
    }

    /** Check character of a 16-character codice fiscale, computed on its first 15 characters. */
    static char checkCharacter(String cf) {
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = cf.charAt(i);
            int index = Character.isDigit(c) ? c - '0' : c - 'A';
            sum += (i % 2 == 0) ? ODD[index] : index;
        }
        return (char) ('A' + sum % 26);
    }

    /** Check digit of an 11-digit temporary codice fiscale (same rule as the partita IVA). */
    static char temporaryCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            int d = digits.charAt(i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }
}
