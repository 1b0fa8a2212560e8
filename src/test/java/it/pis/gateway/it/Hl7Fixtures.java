package it.pis.gateway.it;

import java.util.UUID;

/** HL7 v2 messages as the demo hospital would send them (segments ended by CR, as on the wire). */
public final class Hl7Fixtures {

    private Hl7Fixtures() {
    }

    public static String uniqueId() {
        return "IT" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    }

    /** An ADT^A04 from OSPSANCARLO; {@code msh18} may be null. */
    public static String adtA04(String controlId, String familyName, String givenName, String msh18) {
        return msh("OSPSANCARLO", "ADT^A04^ADT_A01", controlId, "2.5", msh18)
                + "EVN|A04|20261126031500\r"
                + "PID|1||556677^^^OSC^MR~RSSMRA85T10A562S^^^CF^CF||" + familyName + "^" + givenName
                + "||19851210|M|||Via Padova 12^^Milano^MI^20127^ITA||||ita|||||||||||||ITA\r"
                + "PV1|1|E|PS^^^^^^^^Pronto soccorso\r"
                + "PV2|||||||||||||||||||||||||1\r";
    }

    public static String msh(String facility, String type, String controlId, String version, String msh18) {
        return "MSH|^~\\&|PS-ADT|" + facility + "|PIS|PIS|20261126031500||" + type + "|" + controlId + "|P|" + version
                + (msh18 == null ? "" : "||||||" + msh18) + "\r";
    }
}
