package it.pis.gateway.outbound.segnatura;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.crypto.CadesSigner;
import it.pis.gateway.crypto.XadesSigner;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.journal.ProtocolRegister;
import it.pis.gateway.outbound.HandoverRenderer;
import it.pis.gateway.outbound.OutboundEndpoints;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.UnrenderableHandover;
import it.pis.gateway.outbound.pdf.SynthesisPdf;
import it.pis.gateway.outbound.pec.PecAddress;
import it.pis.gateway.report.Confidentiality;
import jakarta.mail.internet.InternetAddress;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code segnatura-xml}: the handover as a protocol message for public administrations (social
 * services, the juvenile court), delivered by certified mail. One RFC 5322 message, rendered once:
 * From the centre's PEC address, To the recipient's {@code mailto:} endpoint, Subject the protocol
 * number and Oggetto, Message-ID {@code <deliveryId@centre's domain>}, a short Italian text, and the
 * files: the document of synthesis as PDF sealed CAdES-BES ({@value #PRIMARY}), the AgID Segnatura
 * ({@value #SEGNATURA}, XAdES baseline B, with the SHA-256 of every file) and the handover's
 * attachments. The protocol number comes from the centre's register, one per delivery.
 */
public class SegnaturaRenderer implements HandoverRenderer {

    public static final String FORMAT = "segnatura-xml";
    public static final String PRIMARY = "documento-sintesi.pdf.p7m";
    public static final String SEGNATURA = "Segnatura.xml";
    static final String OGGETTO = "Documento di sintesi dell'intervento di pronto intervento sociale";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final SynthesisPdf synthesisPdf;
    private final CadesSigner cades;
    private final XadesSigner xades;
    private final ProtocolRegister register;
    private final OutboundEndpoints endpoints;
    private final Segnatura.Classification classification;
    private final Clock clock;

    public SegnaturaRenderer(SynthesisPdf synthesisPdf, CadesSigner cades, XadesSigner xades, ProtocolRegister register, OutboundEndpoints endpoints,
                             Segnatura.Classification classification, Clock clock) {
        this.synthesisPdf = synthesisPdf;
        this.cades = cades;
        this.xades = xades;
        this.register = register;
        this.endpoints = endpoints;
        this.classification = classification;
        this.clock = clock;
    }

    /** Checks at start-up what every message needs from the centre's configuration (pis.centre.*). */
    public static void checkCentre(HandoverDocument.Party centre) {
        PecAddress.parse(centre.email(), "pis.centre.email '" + centre.email() + "'");
        for (String[] code : new String[][] {{"pis.centre.ipa-code", centre.ipaCode()},
                {"pis.centre.aoo-code", centre.aooCode()}, {"pis.centre.registry-code", centre.registryCode()}}) {
            if (code[1] == null || code[1].isBlank()) {
                throw new IllegalArgumentException(code[0] + " is required for the Segnatura di protocollo");
            }
        }
        if (!centre.registryCode().matches("[A-Za-z0-9_.\\-]{1,16}")) {
            throw new IllegalArgumentException("pis.centre.registry-code '" + centre.registryCode()
                    + "' must be 1 to 16 of A-Z a-z 0-9 _ . - (Segnatura CodiceRegistro)");
        }
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Rendered render(HandoverDocument document, Agreement recipient) {
        HandoverDocument.Party centre = document.sender();
        InternetAddress to = recipientAddress(recipient);
        checkAttachmentNames(document.attachments());
        InternetAddress from = PecAddress.parse(centre.email(), "pis.centre.email");

        Instant now = clock.instant();
        ProtocolRegister.Registration registration = register.register(document.deliveryId(), centre.registryCode(), now);
        Segnatura.Registration protocol = new Segnatura.Registration(centre.ipaCode(), centre.aooCode(),
                registration.registryCode(), registration.number(), registration.at());

        byte[] sealedSynthesis = cades.sign(synthesisPdf.render(document));
        List<SegnaturaMail.File> attachments = new ArrayList<>();
        List<Segnatura.Document> allegati = new ArrayList<>();
        for (Handover.Attachment a : document.attachments()) {
            attachments.add(new SegnaturaMail.File(a.name(), a.mediaType(), a.data()));
            allegati.add(new Segnatura.Document(a.name(), a.mediaType(), a.name(), a.data(), false));
        }
        String recipientName = document.recipient() == null || document.recipient().name() == null
                ? recipient.name() : document.recipient().name();
        Segnatura segnatura = new Segnatura(protocol, OGGETTO, classification, reserved(document.confidentiality()),
                centre, new Segnatura.Recipient(recipientName, to.getAddress()),
                new Segnatura.Document(PRIMARY, "application/pkcs7-mime",
                        "Documento di sintesi dell'intervento (PDF con sigillo elettronico CAdES-BES)", sealedSynthesis, true),
                allegati);
        byte[] segnaturaXml = xades.signEnveloped(SegnaturaXml.unsigned(segnatura));

        List<SegnaturaMail.File> files = new ArrayList<>();
        files.add(new SegnaturaMail.File(PRIMARY, "application/pkcs7-mime", sealedSynthesis));
        files.add(new SegnaturaMail.File(SEGNATURA, "application/xml", segnaturaXml));
        files.addAll(attachments);
        String messageId = document.deliveryId() + "@" + PecAddress.domain(from);
        byte[] mail = SegnaturaMail.write(new SegnaturaMail.Envelope(from, centre.name(), to, recipientName,
                subject(protocol), messageId, now), body(centre, protocol, document), files);
        return new Rendered(messageId, "message/rfc822", mail);
    }

    /** "Prot. N. 0000123 del 2026-12-01 – Documento di sintesi ...", as protocol offices title their mail. */
    static String subject(Segnatura.Registration protocol) {
        return "Prot. N. " + protocol.formattedNumber() + " del " + protocol.at().toLocalDate() + " – " + OGGETTO;
    }

    /** Why the Segnatura marks the message Riservato; null for a NORMAL case. */
    static String reserved(Confidentiality confidentiality) {
        if (confidentiality == null || confidentiality == Confidentiality.NORMAL) {
            return null;
        }
        return confidentiality == Confidentiality.VERY_RESTRICTED
                ? "Documento ad accesso strettamente riservato: dati di persona vulnerabile; accesso ai soli operatori"
                + " incaricati del caso"
                : "Documento riservato: contiene categorie particolari di dati personali (art. 9 GDPR); accesso ai soli"
                + " operatori incaricati";
    }

    /** The mail's text: what the message is and how to read it; no personal data (the text is not signed). */
    private static String body(HandoverDocument.Party centre, Segnatura.Registration protocol, HandoverDocument document) {
        StringBuilder text = new StringBuilder()
                .append("Si trasmette il documento di sintesi dell'intervento redatto da ").append(centre.name())
                .append(".\n\n")
                .append("Protocollo: ").append(protocol.registry()).append(" N. ").append(protocol.formattedNumber())
                .append(" del ").append(protocol.at().toLocalDate()).append(" ore ").append(protocol.at().format(TIME))
                .append("\n")
                .append("Documento primario: ").append(PRIMARY).append(" (PDF con sigillo elettronico CAdES-BES)\n")
                .append("Segnatura di protocollo: ").append(SEGNATURA).append(" (AgID, versione 3.0.0, firmata XAdES)\n")
                .append("Allegati: ").append(document.attachments().size()).append("\n");
        String reserved = reserved(document.confidentiality());
        if (reserved != null) {
            text.append("\n").append(reserved).append(".\n");
        }
        return text.append("\nMessaggio di posta elettronica certificata inviato automaticamente dal sistema del ")
                .append("pronto intervento sociale. Per comunicazioni sul caso scrivere a ").append(centre.email())
                .append(".\n").toString();
    }

    private InternetAddress recipientAddress(Agreement recipient) {
        String endpoint = endpoints.of(recipient);
        try {
            return PecAddress.fromEndpoint(endpoint);
        } catch (IllegalArgumentException e) {
            throw new UnrenderableHandover("outbound.endpoint", "the recipient's PEC address: " + e.getMessage());
        }
    }

    /** Files of one message need distinct names, and not those of the primary document and the Segnatura. */
    private static void checkAttachmentNames(List<Handover.Attachment> attachments) {
        Set<String> names = new HashSet<>(Set.of(PRIMARY.toLowerCase(), SEGNATURA.toLowerCase()));
        for (int i = 0; i < attachments.size(); i++) {
            String name = attachments.get(i).name();
            if (!names.add(name.toLowerCase())) {
                throw new UnrenderableHandover("attachments[" + i + "].name", "'" + name + "' is already the name of"
                        + " another file of the message (" + PRIMARY + ", " + SEGNATURA + " and every attachment need"
                        + " their own name)");
            }
        }
    }
}
