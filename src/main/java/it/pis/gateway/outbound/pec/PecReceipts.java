package it.pis.gateway.outbound.pec;

import it.pis.gateway.journal.DeliveryQueue;
import it.pis.gateway.outbound.DeliveryOutcomes;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.outbound.DeliveryResult.Receipt;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * PEC receipts read back from the centre's mailbox (routes/pec-receipts-in.yaml), applied to the
 * delivery whose Message-ID they name:
 * <ul>
 * <li>{@code accettazione} (the centre's provider took the message) → SENT;</li>
 * <li>{@code avvenuta-consegna} (it is in the recipient's mailbox) → ACKNOWLEDGED;</li>
 * <li>{@code errore-consegna}, {@code non-accettazione}, {@code rilevazione-virus} → REFUSED;</li>
 * <li>{@code preavviso-errore-consegna} (no delivery confirmation after 12 hours) and
 *     {@code presa-in-carico} (taken over by the recipient's provider): journaled as a receipt of
 *     the SENT delivery, state unchanged (a SENT → SENT event naming it); the warning is logged.</li>
 * </ul>
 * The whole receipt mail is the evidence kept. A mail that is not a receipt, or names no delivery,
 * is logged at WARN and left in the mailbox.
 */
public class PecReceipts {

    private static final Logger log = LoggerFactory.getLogger(PecReceipts.class);

    /** What became of one mail: {@code applied} receipts are moved out of the inbox, the rest stay. */
    public record Handled(boolean applied, String detail) {
    }

    private final DeliveryQueue deliveries;
    private final DeliveryOutcomes outcomes;

    public PecReceipts(DeliveryQueue deliveries, DeliveryOutcomes outcomes) {
        this.deliveries = deliveries;
        this.outcomes = outcomes;
    }

    /** One mail of the mailbox, as camel-mail gives it. */
    public Handled apply(Message mail) throws MessagingException, IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail.writeTo(raw);
        return apply(raw.toByteArray());
    }

    /** One mail, as received (RFC 5322 bytes). */
    public Handled apply(byte[] eml) {
        PecReceipt receipt;
        try {
            receipt = PecReceipt.read(eml);
        } catch (PecReceipt.NotAReceipt e) {
            log.warn("PEC mailbox: a mail that is not a usable PEC receipt is left in the mailbox: {}", e.getMessage());
            return new Handled(false, e.getMessage());
        }
        if (!receipt.type().equals(receipt.headerType())) {
            log.warn("PEC receipt for {}: X-Ricevuta says {} but its daticert.xml says {}; daticert is used",
                    receipt.messageIds(), receipt.headerType(), receipt.type());
        }
        Optional<DeliveryResult> result = result(receipt);
        if (result.isEmpty()) {
            log.warn("PEC receipt of unknown type '{}' for {} is left in the mailbox", receipt.type(), receipt.messageIds());
            return new Handled(false, "unknown receipt type " + receipt.type());
        }
        for (String messageId : receipt.messageIds()) {
            if (deliveries.byMessageId(messageId).isPresent()) {
                if (receipt.type().equals("preavviso-errore-consegna")) {
                    log.warn("PEC: {} for message {}: {}", receipt.type(), messageId, result.get().detail());
                }
                Optional<?> state = outcomes.laterReceipt(messageId, result.get());
                return new Handled(true, receipt.type() + " for " + messageId + ": delivery " + state.orElse(null));
            }
        }
        log.warn("PEC receipt {} for message {} matches no delivery of the gateway (sent by someone else from this"
                + " mailbox?): left in the mailbox", receipt.type(), receipt.messageIds());
        return new Handled(false, "no delivery with message id " + receipt.messageIds());
    }

    /** What a receipt means for the delivery, with the whole receipt mail as evidence; empty for an unknown type. */
    public static Optional<DeliveryResult> result(PecReceipt receipt) {
        Receipt evidence = new Receipt("PEC " + receipt.type(), "message/rfc822", receipt.eml());
        String by = receipt.provider() == null ? "" : " (" + receipt.provider() + ")";
        String at = receipt.issuedAt() == null ? "" : " at " + receipt.issuedAt();
        String to = receipt.deliveredTo() == null ? "" : " to " + receipt.deliveredTo();
        String why = receipt.extendedError() != null ? ": " + receipt.extendedError()
                : receipt.error() != null && !receipt.error().equals("nessuno") ? ": " + receipt.error() : "";
        switch (receipt.type()) {
            case "accettazione":
                return Optional.of(new DeliveryResult.Sent(evidence, "accettazione: the centre's PEC provider" + by
                        + " accepted the message" + at + identifier(receipt)));
            case "avvenuta-consegna":
                return Optional.of(new DeliveryResult.Acknowledged(evidence, "avvenuta-consegna: delivered" + to
                        + at + by + identifier(receipt)));
            case "errore-consegna":
            case "non-accettazione":
            case "rilevazione-virus":
                return Optional.of(new DeliveryResult.Refused(evidence, receipt.type() + errorCode(receipt)
                        + ": not delivered" + to + at + by + why));
            case "preavviso-errore-consegna":
                return Optional.of(new DeliveryResult.Sent(evidence, "preavviso-errore-consegna: no delivery"
                        + " confirmation" + to + " yet" + at + by + why + "; a final errore-consegna follows if"
                        + " it is not delivered"));
            case "presa-in-carico":
                return Optional.of(new DeliveryResult.Sent(evidence, "presa-in-carico: the recipient's PEC provider"
                        + by + " took the message over" + at));
            default:
                return Optional.empty();
        }
    }

    private static String errorCode(PecReceipt receipt) {
        return receipt.error() == null || receipt.error().equals("nessuno") ? "" : " (" + receipt.error() + ")";
    }

    private static String identifier(PecReceipt receipt) {
        return receipt.identifier() == null ? "" : " (identificativo " + receipt.identifier() + ")";
    }
}
