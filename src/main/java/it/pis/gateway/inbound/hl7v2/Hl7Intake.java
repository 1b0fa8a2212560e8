package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.mllp.MllpFrame;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.Channels;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.inbound.CertificateIdentification;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.inbound.InboundRejection.Cause;
import it.pis.gateway.inbound.InboundRejection.Kind;
import it.pis.gateway.inbound.MappingException;
import it.pis.gateway.inbound.ReportAssembler;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.nio.charset.Charset;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * First steps of the HL7 v2 channel: who sent this (MSH-4 through the agreements), may it send this
 * type, how is it encoded (MSH-18, else the agreement's charset), and what does it say (HAPI parse,
 * then the agreement's mapping). Every refusal names its cause and the agreement rule.
 */
public class Hl7Intake {

    private final AgreementRegistry agreements;
    private final Charset defaultCharset;
    private final PipeParser parser;
    private final CertificateIdentification certificates;

    public Hl7Intake(AgreementRegistry agreements, CertificateIdentification certificates, Charset defaultCharset) {
        this.agreements = agreements;
        this.certificates = certificates;
        this.defaultCharset = defaultCharset;
        HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        // Only the mapped fields are checked (by the mapping); strict HAPI validation would refuse a
        // whole report for a malformed field nobody reads.
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        hapi.getParserConfiguration().setValidating(false);
        this.parser = hapi.getPipeParser();
    }

    /**
     * Reads the header, finds the agreement, checks the type, decodes and parses the message.
     * On the plain listener ({@code tls} null) the agreement is the one claiming MSH-4, and it must
     * not require TLS. On the TLS listener the agreement is the one whose certificate the client
     * presented, and MSH-4 must be that agreement's: no partner can send as another.
     */
    public InboundMessage identify(SSLSession tls, MllpFrame frame) {
        byte[] bytes = Hl7Charsets.withoutByteOrderMark(frame.payload());
        InboundMessage message = new InboundMessage(Channels.HL7V2_MLLP, bytes);
        Hl7Header header = header(message);
        message.claimed(header.sendingFacility(), header.controlId(), header.messageType())
                .decoded(null, new Hl7Data(header, null));
        if (header.controlId() == null || header.controlId().isBlank()) {
            throw reject(message, Cause.UNPARSEABLE, "MSH-10 (message control id) is empty: it is the idempotency key");
        }
        Agreement agreement = tls == null ? bySendingFacility(message, header) : byCertificate(message, header, tls);
        InboundChannel channel = agreement.inboundOn(Channels.HL7V2_MLLP).orElseThrow();
        if (channel.tlsRequired() && tls == null) {
            throw reject(message, Cause.TLS_REQUIRED, "agreement " + agreement.id() + " requires TLS (inbound["
                    + agreement.indexOf(channel) + "].requireTls): send to the MLLP/TLS port with the agreement's certificate");
        }
        if (!channel.accepts(header.messageType())) {
            throw InboundRejection.notAccepted(message, header.messageType());
        }
        if (frame.truncated()) {
            throw reject(message, Cause.TOO_LARGE, "message of " + frame.size()
                    + " bytes exceeds the listener's limit (pis.mllp.max-message-bytes)");
        }
        Charset charset = charset(message, header, channel);
        String er7 = withCrSegments(new String(bytes, charset));
        message.decoded(charset, new Hl7Data(header, parse(message, er7)))
                .fingerprinted(Hl7Content.hash(er7), InboundMessage.KeyOrigin.MESSAGE);
        return message;
    }

    private Agreement bySendingFacility(InboundMessage message, Hl7Header header) {
        if (header.sendingFacility() == null || header.sendingFacility().isBlank()) {
            throw reject(message, Cause.UNKNOWN_PARTNER, "unknown partner: MSH-4 (sending facility) is empty");
        }
        Agreement agreement = agreements.current()
                .byIdentity(Channels.HL7V2_MLLP, "sendingFacility", header.sendingFacility())
                .orElseThrow(() -> reject(message, Cause.UNKNOWN_PARTNER, "unknown partner: no agreement claims "
                        + "sendingFacility (MSH-4) '" + header.sendingFacility() + "' on " + Channels.HL7V2_MLLP));
        message.identifiedAs(agreement);
        return agreement;
    }

    private Agreement byCertificate(InboundMessage message, Hl7Header header, SSLSession tls) {
        X509Certificate[] chain;
        try {
            chain = Arrays.stream(tls.getPeerCertificates()).filter(X509Certificate.class::isInstance)
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        } catch (SSLPeerUnverifiedException e) {
            chain = new X509Certificate[0];
        }
        certificates.identify(message, chain);
        certificates.requireClaim(message, "sendingFacility", header.sendingFacility(), "MSH-4 (sending facility)");
        return message.agreement();
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
