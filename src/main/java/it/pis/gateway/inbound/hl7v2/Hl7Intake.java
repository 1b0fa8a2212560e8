package it.pis.gateway.inbound.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.llp.CharSetUtil;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.Channels;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.inbound.InboundRejection.Cause;
import it.pis.gateway.inbound.InboundRejection.Kind;
import it.pis.gateway.inbound.MappingException;
import it.pis.gateway.inbound.ReportAssembler;

import java.nio.charset.Charset;

/**
 * First steps of the HL7 v2 channel: who sent this (MSH-4 through the agreements), may it send this
 * type, how is it encoded (MSH-18, else the agreement's charset), and what does it say (HAPI parse,
 * then the agreement's mapping). Every refusal names its cause and the agreement rule.
 */
public class Hl7Intake {

    private final AgreementRegistry agreements;
    private final Charset defaultCharset;
    private final PipeParser parser;

    public Hl7Intake(AgreementRegistry agreements, Charset defaultCharset) {
        this.agreements = agreements;
        this.defaultCharset = defaultCharset;
        HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        // Only the mapped fields are checked (by the mapping); strict HAPI validation would refuse a
        // whole report for a malformed field nobody reads.
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        hapi.getParserConfiguration().setValidating(false);
        this.parser = hapi.getPipeParser();
    }

    /** Reads the header, finds the agreement, checks the type, decodes and parses the message. */
    public InboundMessage identify(MllpFrame frame) {
        return identify(frame, false);
    }

    /** As {@link #identify(MllpFrame)}, for the TLS listener, where agreements with requireTls are allowed. */
    public InboundMessage identifyOnTlsListener(MllpFrame frame) {
        return identify(frame, true);
    }

    // one public name per step: Camel picks the bean method by name, and overloads would be ambiguous
    private InboundMessage identify(MllpFrame frame, boolean overTls) {
        byte[] bytes = CharSetUtil.withoutBOM(frame.payload());
        InboundMessage message = new InboundMessage(Channels.HL7V2_MLLP, bytes);
        Hl7Header header = header(message);
        message.claimed(header.sendingFacility(), header.controlId(), header.messageType())
                .decoded(null, new Hl7Data(header, null));
        if (header.controlId() == null || header.controlId().isBlank()) {
            throw reject(message, Cause.UNPARSEABLE, "MSH-10 (message control id) is empty: it is the idempotency key");
        }
        if (header.sendingFacility() == null || header.sendingFacility().isBlank()) {
            throw reject(message, Cause.UNKNOWN_PARTNER, "unknown partner: MSH-4 (sending facility) is empty");
        }
        Agreement agreement = agreements.current()
                .byIdentity(Channels.HL7V2_MLLP, "sendingFacility", header.sendingFacility())
                .orElseThrow(() -> reject(message, Cause.UNKNOWN_PARTNER, "unknown partner: no agreement claims "
                        + "sendingFacility (MSH-4) '" + header.sendingFacility() + "' on " + Channels.HL7V2_MLLP));
        message.identifiedAs(agreement);
        InboundChannel channel = agreement.inboundOn(Channels.HL7V2_MLLP).orElseThrow();
        if (channel.tlsRequired() && !overTls) {
            throw reject(message, Cause.TLS_REQUIRED, "agreement " + agreement.id() + " requires TLS (inbound["
                    + agreement.indexOf(channel) + "].requireTls): this listener is plain");
        }
        if (!channel.accepts(header.messageType())) {
            throw reject(message, Cause.TYPE_NOT_ACCEPTED, "agreement " + agreement.id() + " does not accept "
                    + header.messageType() + " (inbound[" + agreement.indexOf(channel) + "].accept)");
        }
        if (frame.truncated()) {
            throw reject(message, Cause.TOO_LARGE, "message of " + frame.size()
                    + " bytes exceeds the listener's limit (pis.mllp.max-message-bytes)");
        }
        Charset charset = charset(message, header, channel);
        message.decoded(charset, new Hl7Data(header, parse(message, withCrSegments(new String(bytes, charset)))));
        return message;
    }

    /** Maps the parsed message to a Report with the agreement's mapping. */
    public InboundMessage map(InboundMessage message) {
        Hl7Data data = (Hl7Data) message.protocolData();
        InboundChannel channel = message.agreement().inboundOn(Channels.HL7V2_MLLP).orElseThrow();
        try {
            return message.mapped(ReportAssembler.assemble(message, channel, new Hl7SourceReader(data.parsed())));
        } catch (MappingException e) {
            throw new InboundRejection(Kind.ERROR, Cause.MAPPING_FAILED, e.getMessage(), message);
        }
    }

    private static Hl7Header header(InboundMessage message) {
        try {
            return Hl7Header.read(message.raw());
        } catch (HL7Exception | RuntimeException e) {
            throw reject(message, Cause.UNPARSEABLE, "unparseable: cannot read the MSH segment: " + e.getMessage());
        }
    }

    private Charset charset(InboundMessage message, Hl7Header header, InboundChannel channel) {
        if (header.charset() != null && !header.charset().isBlank()) {
            return Hl7Charsets.forMsh18(header.charset()).orElseThrow(() -> reject(message, Cause.UNPARSEABLE,
                    "MSH-18 '" + header.charset() + "' is not a character set the gateway knows"));
        }
        return channel.charset() != null ? Charset.forName(channel.charset()) : defaultCharset;
    }

    private Message parse(InboundMessage message, String text) {
        try {
            return parser.parse(text);
        } catch (HL7Exception | RuntimeException e) {
            // the same bytes will fail the same way every time: a reject, not a "try again"
            throw reject(message, Cause.UNPARSEABLE, "unparseable " + message.messageType() + ": " + e.getMessage());
        }
    }

    /**
     * HL7 ends segments with CR, but some senders use LF or CRLF; a line feed cannot occur inside
     * ER7 field data (it would be escaped as \X0A\), so turning it into CR changes nothing else.
     * The journal keeps the bytes as received.
     */
    static String withCrSegments(String text) {
        return text.indexOf('\n') < 0 ? text : text.replace("\r\n", "\r").replace('\n', '\r');
    }

    private static InboundRejection reject(InboundMessage message, Cause cause, String text) {
        return new InboundRejection(Kind.REJECT, cause, text, message);
    }
}
