package it.pis.gateway.outbound;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.handover.HandoverDocument;

/**
 * Turns one recipient's {@link HandoverDocument} into the bytes that will leave, in the format its
 * agreement names ({@code outbound.format}). Runs once, when the handover is created: the bytes are
 * journaled, every attempt sends them unchanged, and the staff API shows them. Signatures that must
 * be fresh at each attempt (the ModI JWS of a REST call, the WS-Security Timestamp) belong to the
 * transport, not to the renderer.
 */
public interface HandoverRenderer {

    /** The {@code outbound.format} this renderer makes, e.g. {@code hl7v2-mdm}. */
    String format();

    /**
     * Renders the document. The message id on the wire (MSH-10, Bundle.identifier, WS-Addressing
     * MessageID, Message-ID) must derive from {@code document.deliveryId()} and be returned, so that
     * it is the same at every attempt and the receiver can drop duplicates.
     *
     * @throws UnrenderableHandover when this recipient cannot be sent this document (a placement
     *                              request without a placement, say), naming the field and the rule
     */
    Rendered render(HandoverDocument document, Agreement recipient);
}
