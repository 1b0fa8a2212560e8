package it.pis.gateway.outbound.hl7v2;

import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.outbound.DeliveryResult.Receipt;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * What routes/hl7v2-mllp-out.yaml asks about one attempt: where the bytes go (a netty endpoint
 * with the gateway's MLLP framing, plain or TLS) and what the receiver's ACK means for the delivery.
 * Original-mode acknowledgement: AA or CA acknowledged; AR or CR refused for good; AE or CE, an ACK
 * for another message (MSA-2 not our MSH-10), an ACK that cannot be read, no ACK in time or no
 * connection: this attempt failed, and the dispatcher retries it. The ACK's bytes are kept as the
 * receipt whenever one came.
 */
public class MllpDelivery {

    public static final String RECEIPT_KIND = "HL7 ACK";
    public static final String RECEIPT_TYPE = "application/hl7-v2";

    private final Duration connectTimeout;
    private final Duration readTimeout;

    /**
     * @param connectTimeout how long to wait for the TCP (and TLS) connection (pis.outbound.mllp.connect-timeout)
     * @param readTimeout    how long to wait for the ACK once sent (pis.outbound.mllp.read-timeout)
     */
    public MllpDelivery(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * The netty producer for the attempt's endpoint: {@code mllp://host:port}, or {@code mllps://host:port}
     * over TLS with the gateway's client certificate, the partner's host name verified ({@link MllpTlsClient}).
     * Connections are pooled per endpoint and kept open between messages, as MLLP peers expect.
     *
     * @throws IllegalArgumentException naming the endpoint when it is not one of those
     */
    public String nettyUri(DeliveryAttempt attempt) {
        URI endpoint;
        try {
            endpoint = new URI(attempt.endpoint());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("endpoint '" + attempt.endpoint() + "' of " + attempt.partnerId()
                    + " is not an mllp://host:port or mllps://host:port address");
        }
        boolean tls = "mllps".equals(endpoint.getScheme());
        if (!tls && !"mllp".equals(endpoint.getScheme()) || endpoint.getHost() == null || endpoint.getPort() < 1) {
            throw new IllegalArgumentException("endpoint '" + attempt.endpoint() + "' of " + attempt.partnerId()
                    + " is not an mllp://host:port or mllps://host:port address");
        }
        String host = endpoint.getHost().contains(":") ? "[" + endpoint.getHost() + "]" : endpoint.getHost();
        return "netty:tcp://" + host + ":" + endpoint.getPort()
                + "?sync=true&decoders=" + (tls ? "#mllpTlsClient,#mllpDecoder" : "#mllpDecoder")
                + "&encoders=#mllpEncoder&keepAlive=true&disconnect=false"
                + "&connectTimeout=" + connectTimeout.toMillis() + "&requestTimeout=" + readTimeout.toMillis();
    }

    /**
     * What the receiver's ACK means: MSA-1 its code, MSA-2 the message it acknowledges, MSA-3 its
     * text; {@code errorMessage} (ERR-8), {@code errorText} (ERR-3-9) and {@code errorName} (ERR-3-2)
     * say why an AE or AR was given (v2.5 receivers such as HAPI put the reason there, not in MSA-3).
     */
    public DeliveryResult answered(DeliveryAttempt attempt, String code, String acknowledges, String text,
                                   String errorMessage, String errorText, String errorName, byte[] ack) {
        Receipt receipt = new Receipt(RECEIPT_KIND, RECEIPT_TYPE, ack);
        String said = said(code, text, firstPresent(errorMessage, errorText, errorName));
        if (!attempt.messageId().equals(acknowledges)) {
            return new DeliveryResult.Failed(receipt, "the ACK acknowledges message '" + acknowledges
                    + "' (MSA-2), not " + attempt.messageId() + " that was sent: " + said);
        }
        if (code == null) {
            return new DeliveryResult.Failed(receipt, "the ACK has no acknowledgment code (MSA-1)");
        }
        switch (code) {
            case "AA":
            case "CA":
                return new DeliveryResult.Acknowledged(receipt, said);
            case "AR":
            case "CR":
                return new DeliveryResult.Refused(receipt, said);
            case "AE":
            case "CE":
                return new DeliveryResult.Failed(receipt, said);
            default:
                return new DeliveryResult.Failed(receipt, "unknown acknowledgment code (MSA-1) in " + said);
        }
    }

    private static String said(String code, String text, String error) {
        StringBuilder said = new StringBuilder(String.valueOf(code));
        boolean hasText = text != null && !text.isBlank();
        if (hasText) {
            said.append(": ").append(text.strip());
        }
        if (error != null && !(hasText && text.strip().equals(error))) {
            said.append(hasText ? "; " : ": ").append(error);
        }
        return said.toString();
    }

    private static String firstPresent(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /**
     * The attempt ended without a readable ACK: no connection, no answer in time, or an answer that
     * is not an HL7 ACK (kept as the receipt when there was one).
     */
    public DeliveryResult failed(DeliveryAttempt attempt, byte[] answer, Exception cause) {
        Receipt receipt = answer == null ? null : new Receipt(RECEIPT_KIND, RECEIPT_TYPE, answer);
        String endpoint = attempt.endpoint();
        String why = describe(cause);
        if (answer != null) {
            return new DeliveryResult.Failed(receipt, "the answer of " + endpoint + " is not a readable HL7 ACK: " + why);
        }
        if (isTimeout(cause)) {
            return new DeliveryResult.Failed(null, "no ACK from " + endpoint + " within " + readTimeout
                    + " (pis.outbound.mllp.read-timeout)");
        }
        return new DeliveryResult.Failed(null, "cannot deliver to " + endpoint + ": " + why);
    }

    private static boolean isTimeout(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown cause";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        String top = cause == root || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
        return root.getClass().getSimpleName() + message + top;
    }
}
