package it.pis.gateway.inbound.hl7v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.preparser.PreParser;

import java.nio.charset.StandardCharsets;

/**
 * The MSH fields the gateway needs before it knows who sent the message or how to decode it,
 * read with HAPI's PreParser (no full parse). All fields are ASCII in practice, so the header is
 * read from an ISO-8859-1 view of the bytes, which maps every byte to one character.
 */
public record Hl7Header(String sendingApplication, String sendingFacility, String receivingApplication,
                        String receivingFacility, String messageCode, String triggerEvent, String controlId,
                        String processingId, String version, String charset) {

    private static final String[] FIELDS = {"MSH-3", "MSH-4", "MSH-5", "MSH-6", "MSH-9-1", "MSH-9-2", "MSH-10",
            "MSH-11", "MSH-12", "MSH-18"};

    /** The header of a message as received: ISO-8859-1 view, any segment ends. */
    static Hl7Header read(byte[] message) throws HL7Exception {
        return read(Hl7Intake.withCrSegments(new String(message, StandardCharsets.ISO_8859_1)));
    }

    static Hl7Header read(String message) throws HL7Exception {
        if (!message.startsWith("MSH") || message.length() < 8) {
            throw new HL7Exception("the message does not start with an MSH segment (is it pipe-delimited ER7?)");
        }
        String[] f = PreParser.getFields(message, FIELDS);
        return new Hl7Header(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]);
    }

    /** e.g. {@code ADT^A01}; {@code ?} for a part the message leaves empty. */
    public String messageType() {
        return orQuestion(messageCode) + "^" + orQuestion(triggerEvent);
    }

    private static String orQuestion(String s) {
        return s == null || s.isBlank() ? "?" : s;
    }
}
