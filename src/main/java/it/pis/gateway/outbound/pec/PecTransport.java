package it.pis.gateway.outbound.pec;

import it.pis.gateway.outbound.DeliveryAttempt;
import it.pis.gateway.outbound.DeliveryResult;
import it.pis.gateway.outbound.DeliveryResult.Receipt;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The PEC transport's logic (routes/pec-out.yaml sends with camel-mail): the journaled message to
 * send, and what the centre's PEC provider's SMTP answer means for the delivery.
 * <ul>
 * <li>accepted → SENT: the provider's accettazione and the recipient provider's consegna receipt come
 *     back by mail ({@link PecReceipts});</li>
 * <li>a permanent 5xx for the message or its recipient → REFUSED;</li>
 * <li>4xx, no connection, timeouts → a failed attempt, retried;</li>
 * <li>a refused login (535) is the gateway's configuration, not the recipient's refusal: a failed
 *     attempt naming {@code pis.pec.smtp.username}/{@code password}, retried once fixed.</li>
 * </ul>
 */
public class PecTransport {

    private final String provider;
    private final Clock clock;

    /** @param provider the SMTP server as the journal names it, e.g. {@code smtps://smtps.pec.example:465} */
    public PecTransport(String provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    /**
     * The stored message of the attempt, to go to the endpoint's address.
     *
     * @throws IllegalArgumentException when the endpoint is not one mailto: address (a failed attempt naming it)
     */
    public StoredMessage message(DeliveryAttempt attempt) throws MessagingException {
        InternetAddress recipient = PecAddress.fromEndpoint(attempt.endpoint());
        return new StoredMessage(attempt.content(), recipient);
    }

    /** The provider took the message. */
    public DeliveryResult sent(DeliveryAttempt attempt) {
        String text = "SMTP: " + provider + " accepted message <" + attempt.messageId() + "> for "
                + PecAddress.fromEndpoint(attempt.endpoint()).getAddress() + " at " + clock.instant()
                + " (attempt " + attempt.attempt() + ")";
        return new DeliveryResult.Sent(new Receipt("SMTP", "text/plain; charset=UTF-8",
                text.getBytes(StandardCharsets.UTF_8)), "accepted by the PEC provider " + provider
                + "; the PEC receipts (accettazione, consegna) follow by mail");
    }

    /** The provider did not take the message: refused for good (5xx) or failed for now. */
    public DeliveryResult notSent(DeliveryAttempt attempt, Exception cause) {
        int code = replyCode(cause);
        String reply = replyText(cause);
        if (find(cause, AuthenticationFailedException.class) != null) {
            return failed("the PEC provider " + provider + " refused the gateway's login (pis.pec.smtp.username,"
                    + " pis.pec.smtp.password): " + reply, reply);
        }
        if (code >= 500 && code < 600) {
            return new DeliveryResult.Refused(receipt(reply), "the PEC provider " + provider + " refused the message"
                    + " for good: " + reply);
        }
        if (code >= 400) {
            return failed("the PEC provider " + provider + " deferred the message: " + reply, reply);
        }
        if (find(cause, MailConnectException.class) != null || find(cause, java.net.ConnectException.class) != null
                || find(cause, java.net.UnknownHostException.class) != null
                || find(cause, java.net.SocketTimeoutException.class) != null) {
            return failed("cannot reach the PEC provider " + provider + " (pis.pec.smtp.*): " + reply, null);
        }
        return failed("sending to the PEC provider " + provider + " failed: " + reply, null);
    }

    private static DeliveryResult failed(String detail, String reply) {
        return new DeliveryResult.Failed(reply == null ? null : receipt(reply), detail);
    }

    private static Receipt receipt(String reply) {
        return new Receipt("SMTP", "text/plain; charset=UTF-8", reply.getBytes(StandardCharsets.UTF_8));
    }

    /** The SMTP reply code of the first SMTP failure in the chain (RCPT, MAIL FROM, DATA), or 0. */
    static int replyCode(Throwable cause) {
        Throwable failure = smtpFailure(cause);
        if (failure instanceof SMTPAddressFailedException a) {
            return a.getReturnCode();
        }
        if (failure instanceof SMTPSenderFailedException s) {
            return s.getReturnCode();
        }
        if (failure instanceof SMTPSendFailedException s) {
            return s.getReturnCode();
        }
        return 0;
    }

    private static String replyText(Throwable cause) {
        Throwable failure = smtpFailure(cause);
        Throwable shown = failure != null ? failure : root(cause);
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage().strip();
        return failure == null && shown != cause ? shown.getClass().getSimpleName() + ": " + message : message;
    }

    /** The most specific SMTP failure: a recipient's or sender's over the whole send's. */
    private static Throwable smtpFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException || t instanceof SMTPSenderFailedException) {
                return t;
            }
        }
        for (Throwable t = cause; t != null; t = next(t)) {
            if (t instanceof SMTPSendFailedException) {
                return t;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable cause, Class<T> type) {
        for (Throwable t = cause; t != null; t = next(t)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static Throwable root(Throwable cause) {
        Throwable root = cause;
        while (next(root) != null) {
            root = next(root);
        }
        return root;
    }
}
