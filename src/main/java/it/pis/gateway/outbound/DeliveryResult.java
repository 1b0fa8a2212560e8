package it.pis.gateway.outbound;

/**
 * What a transport route answers for one attempt. A transport that throws instead is a failed
 * attempt (retried) whose cause is the exception's message.
 */
public sealed interface DeliveryResult {

    /** The receiver's answer as evidence: its kind (e.g. {@code HL7 ACK}, {@code HTTP 201}) and the bytes received. */
    Receipt receipt();

    /** In words, e.g. "AA: message accepted". */
    String detail();

    /** The receiver confirmed it has the document: ACKNOWLEDGED. */
    record Acknowledged(Receipt receipt, String detail) implements DeliveryResult {
    }

    /** Handed over; the receiver's acknowledgement comes later (a PEC delivery receipt): SENT. */
    record Sent(Receipt receipt, String detail) implements DeliveryResult {
    }

    /** The receiver said no for good (AR, 4xx, soap:Client): REFUSED, no retry. */
    record Refused(Receipt receipt, String detail) implements DeliveryResult {
    }

    /** This attempt failed and may succeed later (AE, 5xx, down, timeout): retried, DEAD after the last. */
    record Failed(Receipt receipt, String detail) implements DeliveryResult {
    }

    /** Evidence of an answer: what kind and the bytes, e.g. the ACK message or the HTTP response. */
    record Receipt(String kind, String contentType, byte[] content) {
    }
}
