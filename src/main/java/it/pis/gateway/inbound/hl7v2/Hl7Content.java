package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.inbound.ContentHash;

/**
 * The content hash of an HL7 v2 message (ER7, CR segment ends) for comparing two uses of one
 * MSH-10. A genuine resend may carry a new MSH-7 (date/time of message: engines stamp each send)
 * and a different number of trailing segment ends; everything else, MSH-10 and every other
 * segment included, must be byte for byte what the key first carried.
 */
final class Hl7Content {

    private Hl7Content() {
    }

    static String hash(String er7) {
        return ContentHash.of(withoutSendTime(stripTrailingSegmentEnds(er7)));
    }

    /** Empties MSH-7, the field engines restamp on every send; the MSH segment is first, its field separator at index 3. */
    static String withoutSendTime(String er7) {
        if (er7.length() < 4 || !er7.startsWith("MSH")) {
            return er7;
        }
        char separator = er7.charAt(3);
        int mshEnd = er7.indexOf('\r');
        int end = mshEnd < 0 ? er7.length() : mshEnd;
        int start = 3;
        for (int field = 1; field < 6 && start >= 0 && start < end; field++) {
            start = er7.indexOf(separator, start + 1);
        }
        if (start < 0 || start >= end) {
            return er7;
        }
        int stop = er7.indexOf(separator, start + 1);
        stop = stop < 0 || stop > end ? end : stop;
        return er7.substring(0, start + 1) + er7.substring(stop);
    }

    private static String stripTrailingSegmentEnds(String er7) {
        int end = er7.length();
        while (end > 0 && er7.charAt(end - 1) == '\r') {
            end--;
        }
        return er7.substring(0, end);
    }
}
