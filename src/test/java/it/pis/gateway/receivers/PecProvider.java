package it.pis.gateway.receivers;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
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
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The centre's PEC provider, for tests and the demo: GreenMail with SMTP (where the gateway sends)
 * and IMAP (the centre's mailbox, where receipts arrive), on loopback ports. For each message the
 * gateway sends, it answers as PEC providers do (DPR 68/2005): an {@code accettazione} receipt in
 * the centre's mailbox and then, by {@link Mode}, an {@code avvenuta-consegna} (with the original
 * message as postacert.eml) or an {@code errore-consegna}; each receipt carries a daticert.xml shaped
 * like the corpus samples with {@code msgid} = the sent Message-ID. Receipts are plain MIME, not
 * S/MIME-signed by the provider as real ones are.
 */
public final class PecProvider implements AutoCloseable {

    /** How the provider answers the next messages. */
    public enum Mode {
        /** accettazione, then avvenuta-consegna */
        DELIVER,
        /** accettazione, then errore-consegna (no-dest) */
        FAIL_DELIVERY,
        /** accettazione only: the recipient's provider never confirms */
        ACCEPT_ONLY,
        /** 550 at RCPT TO: refused for good */
        REFUSE_SMTP,
        /** 451 after DATA: try again later */
        DEFER_SMTP
    }

    public static final String PASSWORD = "pec-test-password";
    private static final String PROVIDER = "pec-provider.test";

    private final String centre;
    private final PecManagers managers = new PecManagers();
    private final GreenMail mail;
    private final int smtpPort;
    private final int imapPort;
    private final ExecutorService receipts = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pec-provider-receipts");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, List<byte[]>> bodies = new ConcurrentHashMap<>();
    private final List<byte[]> receiptsSent = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile Mode mode = Mode.DELIVER;
    private final Map<String, Mode> modes = new ConcurrentHashMap<>();
    private volatile long receiptDelayMillis = 100;

    /** @param centre the centre's PEC address: the SMTP login and the IMAP mailbox where receipts go */
    public PecProvider(String centre) {
        this.centre = centre;
        this.smtpPort = freePort();
        this.imapPort = freePort();
        this.mail = new PecGreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    }

    public PecProvider start() {
        mail.start();
        mail.setUser(centre, centre, PASSWORD);
        managers.getUserManager().setMessageDeliveryHandler(this::deliver);
        return this;
    }

    /** The SMTP port (where the gateway sends). */
    public int port() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    public String centre() {
        return centre;
    }

    /** How the provider answers from now on, for every recipient without a mode of its own. */
    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** How the provider answers messages to one recipient address (null: back to the general mode). */
    public void mode(String recipient, Mode mode) {
        if (mode == null) {
            modes.remove(recipient.toLowerCase());
        } else {
            modes.put(recipient.toLowerCase(), mode);
        }
    }

    private Mode modeFor(String recipient) {
        return modes.getOrDefault(recipient.toLowerCase(), mode);
    }

    /** How long after the accettazione the delivery receipt (or error) follows. */
    public void receiptDelay(long millis) {
        this.receiptDelayMillis = millis;
    }

    /** Message-ID (without brackets) → how many times the gateway sent it. */
    public Map<String, Integer> received() {
        Map<String, Integer> copy = new ConcurrentHashMap<>();
        counts.forEach((id, n) -> copy.put(id, n.get()));
        return copy;
    }

    /**
     * The messages received with this Message-ID, each exactly as the gateway sent it (without the
     * Return-Path and Received lines the provider put on top).
     */
    public List<byte[]> bodies(String messageId) {
        return bodies.getOrDefault(messageId, List.of());
    }

    /** The receipts put in the centre's mailbox so far, as RFC 5322 bytes. */
    public List<byte[]> receipts() {
        return List.copyOf(receiptsSent);
    }

    /** The mails in a mailbox folder of the centre (e.g. INBOX, or where the gateway moves processed receipts). */
    public int messagesIn(String folder) {
        var mailbox = folder(folder);
        return mailbox == null ? 0 : mailbox.getMessageCount();
    }

    /** The unread mails in a mailbox folder of the centre. */
    public int unreadIn(String folder) {
        var mailbox = folder(folder);
        return mailbox == null ? 0 : mailbox.getUnseenCount();
    }

    private com.icegreen.greenmail.store.MailFolder folder(String name) {
        GreenMailUser user = managers.getUserManager().getUserByEmail(centre);
        try {
            return managers.getImapHostManager().getFolder(user, name, false);
        } catch (com.icegreen.greenmail.store.FolderException e) {
            return null;
        }
    }

    /** Puts any mail in the centre's inbox (a receipt for another sender's message, an ordinary mail). */
    public void deliverToCentre(byte[] rfc822) throws MessagingException {
        managers.getUserManager().getUserByEmail(centre).deliver(new MimeMessage(session(),
                new java.io.ByteArrayInputStream(rfc822)));
    }

    @Override
    public void close() {
        receipts.shutdownNow();
        mail.stop();
    }

    private GreenMailUser deliver(MovingMessage moving, MailAddress to) throws MessagingException, UserException {
        UserManager users = managers.getUserManager();
        GreenMailUser recipient = users.getUserByEmail(to.getEmail());
        if (recipient == null) {
            recipient = users.createUser(to.getEmail(), to.getEmail(), PASSWORD);
        }
        if (to.getEmail().equalsIgnoreCase(centre)) {
            return recipient;
        }
        MimeMessage sent = moving.getMessage();
        byte[] wire = asSent(sent);
        String id = strip(sent.getMessageID());
        counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        bodies.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(wire);
        Mode now = modeFor(to.getEmail());
        String subject = sent.getSubject();
        String from = moving.getReturnPath() == null ? centre : moving.getReturnPath().getEmail();
        receipts.execute(() -> {
            receipt("accettazione", "nessuno", id, subject, from, to.getEmail(), null, null);
            sleep(receiptDelayMillis);
            if (now == Mode.DELIVER) {
                receipt("avvenuta-consegna", "nessuno", id, subject, from, to.getEmail(), null, wire);
            } else if (now == Mode.FAIL_DELIVERY) {
                receipt("errore-consegna", "no-dest", id, subject, from, to.getEmail(),
                        "5.1.1 - " + PROVIDER + " - indirizzo non valido", null);
            }
        });
        return recipient;
    }

    private void receipt(String type, String error, String messageId, String subject, String from, String to,
                         String extendedError, byte[] original) {
        try {
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Europe/Rome"));
            String identifier = "opec." + now.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "."
                    + sequence.incrementAndGet() + "@" + PROVIDER;
            MimeMessage receipt = new MimeMessage(session());
            receipt.setFrom(new InternetAddress("posta-certificata@" + PROVIDER));
            receipt.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(centre));
            receipt.setSubject(title(type) + ": " + subject, "UTF-8");
            receipt.setSentDate(new Date());
            receipt.setHeader("X-Ricevuta", type);
            receipt.setHeader("X-Riferimento-Message-ID", "<" + messageId + ">");

            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("-- " + title(type) + " --\n\nIl giorno " + now.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"))
                    + " alle ore " + now.format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " il messaggio \"" + subject
                    + "\" inviato da \"" + from + "\" e indirizzato a " + to + " " + sentence(type, extendedError)
                    + "\nIdentificativo messaggio: " + identifier + "\n", "UTF-8");
            mixed.addBodyPart(text);
            MimeBodyPart daticert = new MimeBodyPart();
            daticert.setDataHandler(new DataHandler(new ByteArrayDataSource(daticert(type, error, messageId, subject,
                    from, to, extendedError, identifier, now).getBytes(StandardCharsets.UTF_8), "application/xml")));
            daticert.setFileName("daticert.xml");
            daticert.setDisposition(Part.INLINE);
            mixed.addBodyPart(daticert);
            if (original != null) {
                MimeBodyPart postacert = new MimeBodyPart();
                postacert.setDataHandler(new DataHandler(new ByteArrayDataSource(original, "message/rfc822")));
                postacert.setFileName("postacert.eml");
                postacert.setDisposition(Part.INLINE);
                mixed.addBodyPart(postacert);
            }
            receipt.setContent(mixed);
            receipt.saveChanges();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            receipt.writeTo(bytes);
            receiptsSent.add(bytes.toByteArray());
            managers.getUserManager().getUserByEmail(centre).deliver(receipt);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("PEC provider could not write a " + type + " receipt", e);
        }
    }

    static String daticert(String type, String error, String messageId, String subject, String from, String to,
                           String extendedError, String identifier, ZonedDateTime at) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<postacert tipo=\"").append(type).append("\" errore=\"").append(error).append("\">\n")
                .append("    <intestazione>\n")
                .append("        <mittente>").append(escape(from)).append("</mittente>\n")
                .append("        <destinatari tipo=\"certificato\">").append(escape(to)).append("</destinatari>\n")
                .append("        <risposte>").append(escape(from)).append("</risposte>\n")
                .append("        <oggetto>").append(escape(subject)).append("</oggetto>\n")
                .append("    </intestazione>\n    <dati>\n")
                .append("        <gestore-emittente>PEC Provider di prova S.p.A.</gestore-emittente>\n")
                .append("        <data zona=\"").append(at.format(DateTimeFormatter.ofPattern("xx"))).append("\">\n")
                .append("            <giorno>").append(at.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"))).append("</giorno>\n")
                .append("            <ora>").append(at.format(DateTimeFormatter.ofPattern("HH:mm:ss"))).append("</ora>\n")
                .append("        </data>\n")
                .append("        <identificativo>").append(identifier).append("</identificativo>\n")
                .append("        <msgid>&lt;").append(escape(messageId)).append("&gt;</msgid>\n");
        if (type.equals("avvenuta-consegna")) {
            xml.append("        <ricevuta tipo=\"completa\" />\n");
        }
        if (!type.equals("accettazione")) {
            xml.append("        <consegna>").append(escape(to)).append("</consegna>\n");
        }
        if (extendedError != null) {
            xml.append("        <errore-esteso>").append(escape(extendedError)).append("</errore-esteso>\n");
        }
        return xml.append("    </dati>\n</postacert>\n").toString();
    }

    private static String title(String type) {
        switch (type) {
            case "accettazione": return "ACCETTAZIONE";
            case "avvenuta-consegna": return "CONSEGNA";
            case "errore-consegna": return "AVVISO DI MANCATA CONSEGNA";
            default: return type.toUpperCase();
        }
    }

    private static String sentence(String type, String error) {
        switch (type) {
            case "accettazione": return "è stato accettato dal sistema ed inoltrato.";
            case "avvenuta-consegna": return "è stato correttamente consegnato al destinatario.";
            default: return "non è stato consegnato: " + error;
        }
    }

    /** The message as the gateway wrote it: without the Return-Path and Received lines GreenMail added on top. */
    private static byte[] asSent(MimeMessage received) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            received.writeTo(out);
            String text = out.toString(StandardCharsets.ISO_8859_1);
            if (text.startsWith("Return-Path: ")) {
                text = text.substring(text.indexOf("\r\n") + 2);
            }
            if (text.startsWith("Received: ")) {
                text = text.substring(text.indexOf("\r\n") + 2);
            }
            return text.getBytes(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String strip(String id) {
        String s = id == null ? "" : id.strip();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Session session() {
        return Session.getInstance(new Properties());
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GreenMail's managers with an SMTP side that refuses or defers as the mode says. */
    private final class PecManagers extends Managers {
        private final SmtpManager smtp = new SmtpManager(getImapHostManager(), getUserManager()) {
            @Override
            public String checkRecipient(SmtpState state, MailAddress rcpt) {
                return modeFor(rcpt.getEmail()) == Mode.REFUSE_SMTP ? "550 5.1.1 <" + rcpt.getEmail() + ">: recipient address rejected" : null;
            }

            @Override
            public String checkData(SmtpState state) {
                boolean defer = state.getMessage().getToAddresses().stream()
                        .anyMatch(to -> modeFor(to.getEmail()) == Mode.DEFER_SMTP);
                return defer ? "451 4.3.0 temporary failure, try again later" : null;
            }
        };

        @Override
        public SmtpManager getSmtpManager() {
            return smtp;
        }
    }

    private final class PecGreenMail extends GreenMail {
        PecGreenMail(ServerSetup[] setups) {
            super(setups);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers ignored) {
            return super.createServices(config, PecProvider.this.managers);
        }

        @Override
        public synchronized Managers getManagers() {
            return PecProvider.this.managers;
        }
    }
}
