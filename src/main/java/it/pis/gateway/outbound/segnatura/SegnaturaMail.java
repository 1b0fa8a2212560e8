package it.pis.gateway.outbound.segnatura;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * The protocol message as certified mail carries it: one RFC 5322 message, multipart/mixed, a short
 * plain-text body, then the files (primary document, Segnatura.xml, attachments), each base64 so
 * that no mail system rewrites a byte of a signed file. Its Message-ID is the one given, not one
 * JavaMail would make up.
 */
public final class SegnaturaMail {

    /** A file of the message. */
    public record File(String name, String mediaType, byte[] content) {
    }

    /**
     * @param messageId the Message-ID without angle brackets ({@code id@domain})
     */
    public record Envelope(InternetAddress from, String fromName, InternetAddress to, String toName, String subject,
                           String messageId, Instant date) {
    }

    private SegnaturaMail() {
    }

    /** The whole message, as sent (CRLF line ends). */
    public static byte[] write(Envelope envelope, String body, List<File> files) {
        try {
            MimeMessage message = new FixedIdMessage(Session.getInstance(new Properties()), envelope.messageId());
            message.setFrom(named(envelope.from(), envelope.fromName()));
            message.setRecipient(jakarta.mail.Message.RecipientType.TO, named(envelope.to(), envelope.toName()));
            message.setSubject(envelope.subject(), "UTF-8");
            message.setSentDate(Date.from(envelope.date()));

            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(body, "UTF-8", "plain");
            text.setHeader("Content-Transfer-Encoding", "quoted-printable");
            mixed.addBodyPart(text);
            for (File file : files) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.content(), file.mediaType())));
                part.setFileName(file.name());
                part.setDisposition(Part.ATTACHMENT);
                part.setHeader("Content-Transfer-Encoding", "base64");
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot write the PEC message: " + e.getMessage(), e);
        }
    }

    private static InternetAddress named(InternetAddress address, String name) throws UnsupportedEncodingException {
        return name == null ? address : new InternetAddress(address.getAddress(), name, "UTF-8");
    }

    /** A message whose Message-ID is fixed (derived from the delivery) instead of random. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + messageId + ">");
        }
    }
}
