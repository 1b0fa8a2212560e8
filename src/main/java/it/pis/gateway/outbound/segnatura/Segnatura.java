package it.pis.gateway.outbound.segnatura;

import it.pis.gateway.handover.HandoverDocument;

import java.time.ZonedDateTime;
import java.util.List;

/**
 * What one Segnatura di protocollo (AgID, Linee guida 2021, Allegato 6, v3.0.0) says about one
 * protocol message: its registration in the centre's register, subject, classification, sender,
 * recipient, and the digest of each file sent with it.
 *
 * @param reserved why the message is confidential ({@code Riservato}), or null when it is not
 */
public record Segnatura(Registration registration, String subject, Classification classification, String reserved,
                        HandoverDocument.Party sender, Recipient recipient, Document primary,
                        List<Document> attachments) {

    public Segnatura {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** The protocol number of the centre's register and when it was given. */
    public record Registration(String administration, String aoo, String registry, long number, ZonedDateTime at) {

        /** The number as the register writes it: at least seven digits ({@code NumeroRegistrazione}). */
        public String formattedNumber() {
            return String.format("%07d", number);
        }
    }

    /** The class of the centre's titolario ({@code Classifica}: {@code CodiceFlat} and its name). */
    public record Classification(String code, String name) {
    }

    /** The receiving service: its name and certified mail address. */
    public record Recipient(String name, String address) {
    }

    /**
     * A file of the protocol message. {@code sealed}: the file carries the centre's electronic seal
     * inside it (an enveloping CAdES .p7m).
     */
    public record Document(String fileName, String mediaType, String description, byte[] content, boolean sealed) {
    }
}
