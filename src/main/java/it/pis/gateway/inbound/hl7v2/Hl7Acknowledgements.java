package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.mllp.MllpFrame;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.model.v251.segment.ERR;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.parser.PipeParser;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import org.apache.camel.Exchange;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * Original-mode acknowledgements. AA only after the journal commit; AR when the gateway will never
 * take the message as it is (unknown partner, type not in the agreement, unparseable); AE when
 * this attempt failed (mapping, journal down) or its MSH-10 already carried another message (then
 * it succeeds only with a new MSH-10). The cause text goes in MSA-3 and ERR-8 and
 * an HL7 table 0357 code in ERR-3, so that both 2.3 and 2.5 receivers show it.
 */
public class Hl7Acknowledgements {

    private static final DateTimeFormatter HL7_TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final Map<InboundRejection.Cause, String> TABLE_0357 = Map.of(
            InboundRejection.Cause.UNPARSEABLE, "100",
            InboundRejection.Cause.TOO_LARGE, "207",
            InboundRejection.Cause.UNKNOWN_PARTNER, "204",
            InboundRejection.Cause.TYPE_NOT_ACCEPTED, "200",
            InboundRejection.Cause.TLS_REQUIRED, "207",
            InboundRejection.Cause.CERTIFICATE_REFUSED, "204",
            InboundRejection.Cause.IDENTITY_MISMATCH, "204",
            InboundRejection.Cause.MAPPING_FAILED, "102",
            InboundRejection.Cause.KEY_REUSED, "205",
            InboundRejection.Cause.JOURNAL_UNAVAILABLE, "207");

    /** The longest cause or echoed value an ACK carries. */
    static final int MAX_ECHOED = 1000;

    private final PipeParser encoder = PipeParser.getInstanceWithNoValidation();
    private final String application;
    private final String facility;
    private final ZoneId zone;

    public Hl7Acknowledgements(String application, String facility, ZoneId zone) {
        this.application = application;
        this.facility = facility;
        this.zone = zone;
    }

    public byte[] accepted(InboundMessage message) {
        String text = message.outcome() == InboundMessage.Outcome.DUPLICATE
                ? "duplicate of an accepted message: report " + message.reportId()
                : "report " + message.reportId();
        return encode(message, build(header(message), "AA", text, null, null), message.charset());
    }

    /** For a refusal caught by the route: the exception is Camel's caught exception. */
    public byte[] rejected(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof InboundRejection rejection) {
            String code = rejection.kind() == InboundRejection.Kind.REJECT ? "AR" : "AE";
            InboundMessage message = rejection.inbound();
            return encode(message, build(header(message), code, rejection.getMessage(),
                    TABLE_0357.getOrDefault(rejection.cause(), "207"), rejection.cause().name()), message.charset());
        }
        Object body = exchange.getMessage().getBody();
        InboundMessage message = body instanceof InboundMessage m ? m : null;
        Hl7Header header = message != null ? header(message) : body instanceof MllpFrame frame ? headerOf(frame) : null;
        String text = "internal error, the message was NOT stored, please resend: "
                + (caught == null ? "unknown" : caught.getClass().getSimpleName());
        return encode(message, build(header, "AE", text, "207", "INTERNAL"), message == null ? null : message.charset());
    }

    /** The sender can match our answer only if it echoes MSH-10: read it even when nothing else was. */
    private static Hl7Header headerOf(MllpFrame frame) {
        try {
            return Hl7Header.read(frame.payload());
        } catch (HL7Exception | RuntimeException unreadable) {
            return null;
        }
    }

    private static Hl7Header header(InboundMessage message) {
        return message.protocolData() instanceof Hl7Data data ? data.header() : null;
    }

    /**
     * A cause or an echoed field with its control characters replaced, and cut to
     * {@link #MAX_ECHOED} characters: a line break (HAPI's own messages have some) would end the ACK's
     * segment early, an MLLP start or end byte (VT, FS) echoed from a sender's MSH would cut the ACK's
     * block in two on the sender's side, and HAPI trims every value it is given with a regular
     * expression that takes quadratic time on a long run of spaces followed by text (300,000 of them
     * in MSH-9 kept a thread busy for hours, and the sender without an answer).
     */
    private static String printable(String value) {
        if (value == null) {
            return null;
        }
        String cut = value.length() <= MAX_ECHOED ? value : value.substring(0, MAX_ECHOED - 3) + "...";
        return cut.replaceAll("[\\r\\n]+", " ").replaceAll("\\p{Cntrl}", "?");
    }

    private ACK build(Hl7Header in, String code, String cause, String errorCode, String errorName) {
        String text = printable(cause);
        try {
            ACK ack = new ACK();
            // HAPI's default rules refuse some values a sender may put in the fields the ACK echoes
            // (a 300-character MSH-3 did): the ACK then could not be built and the sender got no answer at all
            ack.setParser(encoder);
            MSH msh = ack.getMSH();
            msh.getFieldSeparator().setValue("|");
            msh.getEncodingCharacters().setValue("^~\\&");
            msh.getSendingApplication().getNamespaceID().setValue(application);
            msh.getSendingFacility().getNamespaceID().setValue(facility);
            msh.getDateTimeOfMessage().getTime().setValue(HL7_TS.format(ZonedDateTime.now(zone)));
            msh.getMessageType().getMessageCode().setValue("ACK");
            // MSH-10 is at most 20 characters up to v2.6; strict receivers refuse longer ones
            msh.getMessageControlID().setValue(UUID.randomUUID().toString().replace("-", "").substring(0, 20));
            msh.getProcessingID().getProcessingID().setValue(in != null && in.processingId() != null
                    ? printable(in.processingId()) : "P");
            msh.getVersionID().getVersionID().setValue(in != null && Version.versionOf(in.version()) != null
                    ? in.version() : "2.5.1");
            if (in != null) {
                msh.getReceivingApplication().getNamespaceID().setValue(printable(in.sendingApplication()));
                msh.getReceivingFacility().getNamespaceID().setValue(printable(in.sendingFacility()));
                msh.getMessageType().getTriggerEvent().setValue(printable(in.triggerEvent()));
                msh.getMessageType().getMessageStructure().setValue("ACK");
                if (in.charset() != null && !in.charset().isBlank()) {
                    msh.getCharacterSet(0).setValue(printable(in.charset()));
                }
                ack.getMSA().getMessageControlID().setValue(printable(in.controlId()));
            }
            ack.getMSA().getAcknowledgmentCode().setValue(code);
            // MSA-3 holds 80 characters; the whole text is in ERR-8
            ack.getMSA().getTextMessage().setValue(text.length() <= 80 ? text : text.substring(0, 77) + "...");
            if (errorCode != null) {
                ERR err = ack.getERR();
                err.getErrorCodeAndLocation(0).getCodeIdentifyingError().getIdentifier().setValue(errorCode);
                err.getErrorCodeAndLocation(0).getCodeIdentifyingError().getText().setValue(errorName);
                err.getHL7ErrorCode().getIdentifier().setValue(errorCode);
                err.getHL7ErrorCode().getText().setValue(errorName);
                err.getHL7ErrorCode().getNameOfCodingSystem().setValue("HL70357");
                err.getSeverity().setValue("E");
                err.getUserMessage().setValue(text);
            }
            return ack;
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot build ACK", e);
        }
    }

    private byte[] encode(InboundMessage message, ACK ack, Charset charset) {
        try {
            return encoder.encode(ack)
                    .getBytes(charset == null ? StandardCharsets.ISO_8859_1 : charset);
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot encode ACK for " + (message == null ? "?" : message.id()), e);
        }
    }
}
