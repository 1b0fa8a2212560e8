package it.pis.gateway.outbound.hl7v2;

import java.util.UUID;

/**
 * MSH-10 for a delivery: 20 characters (the limit up to HL7 v2.6, which strict receivers enforce),
 * always the same for the same delivery so that a receiver drops a resend. They are the first 100
 * of the delivery id's 122 non-fixed bits in base32 (A–Z, 2–7: no HL7 delimiter, no lower case a
 * receiver might fold): for the gateway's time-ordered ids, 48 bits of milliseconds and 52 random
 * bits, so two deliveries would have to share the millisecond and 52 random bits to collide.
 */
final class MessageControlIds {

    static final int LENGTH = 20;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private MessageControlIds() {
    }

    static String of(UUID deliveryId) {
        long high = deliveryId.getMostSignificantBits();
        long low = deliveryId.getLeastSignificantBits();
        // drop the version nibble (bits 12..15 of the high half) and the two variant bits of the low half
        long first60 = ((high >>> 16) << 12) | (high & 0x0FFFL);
        long next40 = (low << 2) >>> 24;
        char[] id = new char[LENGTH];
        for (int i = 0; i < 12; i++) {
            id[i] = BASE32[(int) ((first60 >>> (55 - 5 * i)) & 31)];
        }
        for (int i = 0; i < 8; i++) {
            id[12 + i] = BASE32[(int) ((next40 >>> (35 - 5 * i)) & 31)];
        }
        return new String(id);
    }
}
