package it.pis.gateway.outbound.pec;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Properties;

/**
 * A journaled message handed to the SMTP transport exactly as rendered: {@link #writeTo} writes the
 * stored bytes and nothing else, {@link #saveChanges} changes nothing (no new Message-ID, no
 * re-encoding), and the envelope recipient is the endpoint's address, whatever the To header says.
 * The envelope sender is the From address (the centre's PEC mailbox).
 */
public final class StoredMessage extends MimeMessage {

    private final byte[] bytes;
    private final InternetAddress envelopeRecipient;

    public StoredMessage(byte[] bytes, InternetAddress envelopeRecipient) throws MessagingException {
        super(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        this.bytes = bytes.clone();
        this.envelopeRecipient = envelopeRecipient;
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreHeaders) throws IOException {
        out.write(bytes);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    @Override
    public void saveChanges() {
        // the message was rendered and journaled once; every attempt sends it unchanged
    }

    @Override
    public Address[] getAllRecipients() {
        return new Address[] {envelopeRecipient};
    }

    @Override
    public int getSize() {
        return bytes.length;
    }
}
