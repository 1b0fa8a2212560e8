package it.pis.gateway.outbound.hl7v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.ED;
import ca.uhn.hl7v2.model.v251.datatype.TX;
import ca.uhn.hl7v2.model.v251.message.MDM_T02;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.TXA;
import ca.uhn.hl7v2.parser.PipeParser;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.Channels;
import it.pis.gateway.crypto.CadesSigner;
import it.pis.gateway.handover.Handover;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.outbound.HandoverRenderer;
import it.pis.gateway.outbound.Rendered;
import it.pis.gateway.outbound.pdf.SynthesisPdf;
import it.pis.gateway.outbound.pdf.SynthesisText;
import it.pis.gateway.report.Confidentiality;
import it.pis.gateway.report.IdentifierType;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.Sex;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The handover as an HL7 v2.5 MDM^T02 (original document notification and content), built with
 * HAPI's model, for hospitals ({@code outbound.format: hl7v2-mdm}):
 * <ul>
 * <li>MSH: the gateway ({@code pis.hl7.application}/{@code pis.hl7.facility}) to the recipient's
 *     HL7 identity (its agreement's {@code inbound[hl7v2-mllp].identity.sendingFacility}, if any);
 *     MSH-10 from the delivery id ({@link MessageControlIds}); MSH-18 {@code UNICODE UTF-8}: names
 *     and notes come from everywhere (’, €, ș) and ISO-8859-1 would lose some;</li>
 * <li>EVN T02; PID with only the person fields the document carries (identifier in PID-3 with its
 *     type, CF/STP/ENI, in PID-3-5 and the MEF assigning authority for a codice fiscale; names,
 *     birth date, sex, language, citizenship); PV1 with patient class N, as the structure requires;</li>
 * <li>TXA: document type TS (transfer summary, HL7 table 0270), activity and origination time,
 *     originator = the author, unique document number = the handover id, completion status AU when
 *     signed (DO otherwise), confidentiality U/R/V from the case's level, available;</li>
 * <li>with {@code outbound.sign: cades}: one OBX of type ED carrying the signed PDF
 *     ({@code .pdf.p7m}) as {@code PIS-GATEWAY^application^pkcs7-mime^Base64^...}, the media type
 *     of a CMS signed-data file (RFC 8551), not {@code application/pdf}, which a receiver would try
 *     to open directly and fail. No TX lines are added then: the signed document is the record, and
 *     an unsigned copy beside it would be text a reader could take as signed when it is not;</li>
 * <li>without a signature: the readable text ({@link SynthesisText}) as TX observations, one per
 *     line;</li>
 * <li>each attachment the document carries as a further ED observation with its own media type
 *     (its name in OBX-3, its SHA-256 listed in the document).</li>
 * </ul>
 */
public class MdmRenderer implements HandoverRenderer {

    public static final String FORMAT = "hl7v2-mdm";
    public static final String CONTENT_TYPE = "application/hl7-v2; charset=UTF-8";
    static final String VERSION = "2.5";
    static final String CHARSET = "UNICODE UTF-8";
    static final String DOCUMENT_CODE = "PIS-SINTESI";
    static final String DOCUMENT_NAME = "Documento di sintesi dell'intervento";
    static final String ATTACHMENT_CODE = "PIS-ALLEGATO";
    /** Assigning authority of the codice fiscale: the Ministry of Economy and Finance's OID (HL7 Italia). */
    static final String CF_AUTHORITY = "MEF";
    static final String CF_AUTHORITY_OID = "2.16.840.1.113883.2.9.4.3.2";
    private static final String DATA_PLACEHOLDER = "PISDATA";
    private static final Pattern WHITE_RUN = Pattern.compile("\\s{2,}");
    private static final DateTimeFormatter HL7_TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final DateTimeFormatter HL7_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final String application;
    private final String facility;
    private final ZoneId zone;
    private final SynthesisPdf pdf;
    private final SynthesisText text;
    private final CadesSigner signer;
    private final PipeParser encoder = PipeParser.getInstanceWithNoValidation();

    public MdmRenderer(String application, String facility, ZoneId zone, SynthesisPdf pdf, SynthesisText text,
                       CadesSigner signer) {
        this.application = application;
        this.facility = facility;
        this.zone = zone;
        this.pdf = pdf;
        this.text = text;
        this.signer = signer;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Rendered render(HandoverDocument document, Agreement recipient) {
        boolean signed = recipient.outbound() != null && "cades".equals(recipient.outbound().sign());
        String controlId = MessageControlIds.of(document.deliveryId());
        try {
            MDM_T02 message = new MDM_T02();
            header(message.getMSH(), document, recipient, controlId);
            message.getEVN().getEventTypeCode().setValue("T02");
            message.getEVN().getRecordedDateTime().getTime().setValue(time(document.createdAt()));
            person(message.getPID(), document.person());
            message.getPV1().getSetIDPV1().setValue("1");
            message.getPV1().getPatientClass().setValue("N");
            document(message.getTXA(), document, signed);
            int observation = 0;
            Map<Integer, byte[]> embedded = new LinkedHashMap<>();
            if (signed) {
                byte[] p7m = signer.sign(pdf.render(document));
                embedded.put(observation + 1, p7m);
                OBX obx = observation(message, observation++, "ED", DOCUMENT_CODE, DOCUMENT_NAME);
                obx.getObservationValue(0).setData(ed(message, "application", "pkcs7-mime"));
            } else {
                for (String line : text.lines(document)) {
                    OBX obx = observation(message, observation++, "TX", DOCUMENT_CODE, DOCUMENT_NAME);
                    TX tx = new TX(message);
                    tx.setValue(oneSpaced(line));
                    obx.getObservationValue(0).setData(tx);
                }
            }
            for (int i = 0; i < document.attachments().size(); i++) {
                Handover.Attachment attachment = document.attachments().get(i);
                embedded.put(observation + 1, attachment.data());
                OBX obx = observation(message, observation++, "ED", ATTACHMENT_CODE, attachment.name());
                obx.getObservationSubID().setValue(String.valueOf(i + 1));
                String[] media = attachment.mediaType().split("/", 2);
                obx.getObservationValue(0).setData(ed(message, media[0], media.length > 1 ? media[1] : ""));
            }
            String er7 = withData(encoder.encode(message), embedded);
            return new Rendered(controlId, CONTENT_TYPE, er7.getBytes(StandardCharsets.UTF_8));
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot build the MDM^T02 of handover " + document.handoverId()
                    + " for " + recipient.id() + ": " + e.getMessage(), e);
        }
    }

    private void header(MSH msh, HandoverDocument document, Agreement recipient, String controlId) throws DataTypeException {
        msh.getFieldSeparator().setValue("|");
        msh.getEncodingCharacters().setValue("^~\\&");
        msh.getSendingApplication().getNamespaceID().setValue(application);
        msh.getSendingFacility().getNamespaceID().setValue(facility);
        String receiving = recipient.inboundOn(Channels.HL7V2_MLLP).map(in -> in.identity().get("sendingFacility"))
                .orElse(null);
        if (receiving != null) {
            msh.getReceivingFacility().getNamespaceID().setValue(receiving);
        }
        msh.getDateTimeOfMessage().getTime().setValue(time(document.createdAt()));
        msh.getMessageType().getMessageCode().setValue("MDM");
        msh.getMessageType().getTriggerEvent().setValue("T02");
        msh.getMessageType().getMessageStructure().setValue("MDM_T02");
        msh.getMessageControlID().setValue(controlId);
        msh.getProcessingID().getProcessingID().setValue("P");
        msh.getVersionID().getVersionID().setValue(VERSION);
        msh.getCharacterSet(0).setValue(CHARSET);
    }

    private static void person(PID pid, Report.Person person) throws HL7Exception {
        pid.getSetIDPID().setValue("1");
        if (person == null) {
            return;
        }
        Report.Identifier identifier = person.identifier();
        if (identifier != null && identifier.value() != null && identifier.type() != null
                && identifier.type() != IdentifierType.NONE) {
            CX cx = pid.getPatientIdentifierList(0);
            cx.getIDNumber().setValue(oneSpaced(identifier.value()));
            if (identifier.type() == IdentifierType.CF) {
                cx.getAssigningAuthority().getNamespaceID().setValue(CF_AUTHORITY);
                cx.getAssigningAuthority().getUniversalID().setValue(CF_AUTHORITY_OID);
                cx.getAssigningAuthority().getUniversalIDType().setValue("ISO");
            }
            cx.getIdentifierTypeCode().setValue(identifier.type().name());
        }
        if (person.familyName() != null || person.givenName() != null) {
            pid.getPatientName(0).getFamilyName().getSurname().setValue(oneSpaced(person.familyName()));
            pid.getPatientName(0).getGivenName().setValue(oneSpaced(person.givenName()));
        }
        if (person.birthDate() != null) {
            pid.getDateTimeOfBirth().getTime().setValue(HL7_DATE.format(person.birthDate()));
        }
        if (person.sex() != null) {
            pid.getAdministrativeSex().setValue(sex(person.sex()));
        }
        if (person.language() != null) {
            pid.getPrimaryLanguage().getIdentifier().setValue(oneSpaced(person.language()));
        }
        if (person.citizenship() != null) {
            CE citizenship = pid.getCitizenship(0);
            citizenship.getIdentifier().setValue(oneSpaced(person.citizenship()));
        }
    }

    private void document(TXA txa, HandoverDocument document, boolean signed) throws HL7Exception {
        txa.getSetIDTXA().setValue("1");
        txa.getDocumentType().setValue("TS");
        txa.getDocumentContentPresentation().setValue(signed ? "AP" : "TX");
        txa.getActivityDateTime().getTime().setValue(time(document.createdAt()));
        txa.getOriginationDateTime().getTime().setValue(time(document.createdAt()));
        if (document.author() != null) {
            txa.getOriginatorCodeName(0).getIDNumber().setValue(oneSpaced(document.author()));
        }
        txa.getUniqueDocumentNumber().getEntityIdentifier().setValue(document.handoverId().toString());
        txa.getUniqueDocumentNumber().getNamespaceID().setValue(application);
        if (signed) {
            txa.getUniqueDocumentFileName().setValue("documento-sintesi-" + document.handoverId() + ".pdf.p7m");
        }
        txa.getDocumentCompletionStatus().setValue(signed ? "AU" : "DO");
        txa.getDocumentConfidentialityStatus().setValue(confidentiality(document.confidentiality()));
        txa.getDocumentAvailabilityStatus().setValue("AV");
    }

    /**
     * A value the document carries, each run of white space made one space. HAPI trims every value it
     * is given (validating or not) with a regular expression that is quadratic on a run of spaces
     * followed by text: 20,000 spaces took seconds, 300,000 would hold the delivery's thread for hours.
     */
    static String oneSpaced(String value) {
        return value == null ? null : WHITE_RUN.matcher(value).replaceAll(" ");
    }

    private static OBX observation(MDM_T02 message, int index, String type, String code, String name) throws HL7Exception {
        OBX obx = message.getOBSERVATION(index).getOBX();
        obx.getSetIDOBX().setValue(String.valueOf(index + 1));
        obx.getValueType().setValue(type);
        obx.getObservationIdentifier().getIdentifier().setValue(code);
        obx.getObservationIdentifier().getText().setValue(oneSpaced(name));
        obx.getObservationIdentifier().getNameOfCodingSystem().setValue("L");
        obx.getObservationResultStatus().setValue("F");
        return obx;
    }

    /** An ED whose data component is filled in after encoding ({@link #withData}). */
    private ED ed(MDM_T02 message, String type, String subtype) throws DataTypeException {
        ED ed = new ED(message);
        ed.getSourceApplication().getNamespaceID().setValue(application);
        ed.getTypeOfData().setValue(type);
        ed.getDataSubtype().setValue(subtype);
        ed.getEncoding().setValue("Base64");
        ed.getData().setValue(DATA_PLACEHOLDER);
        return ed;
    }

    /**
     * Puts the base64 of each embedded document into its OBX (by set id) in place of the placeholder.
     * Done after HAPI encodes the message because its encoder scans every character for delimiters to
     * escape, which for a signed PDF cost more than drawing it, and base64 has none to escape. The
     * placeholder is looked for only inside its own OBX segment, which no user text can fake: segment
     * starts are carriage returns, and HAPI escapes any in text.
     */
    private static String withData(String er7, Map<Integer, byte[]> embedded) {
        StringBuilder out = new StringBuilder(er7.length() + embedded.values().stream().mapToInt(d -> d.length * 4 / 3 + 4).sum());
        out.append(er7);
        for (Map.Entry<Integer, byte[]> entry : embedded.entrySet()) {
            int segment = out.indexOf("\rOBX|" + entry.getKey() + "|ED|");
            int at = segment < 0 ? -1 : out.indexOf("^Base64^" + DATA_PLACEHOLDER, segment);
            if (at < 0) {
                throw new IllegalStateException("OBX " + entry.getKey() + " has no data placeholder after encoding");
            }
            at += "^Base64^".length();
            out.replace(at, at + DATA_PLACEHOLDER.length(), Base64.getEncoder().encodeToString(entry.getValue()));
        }
        return out.toString();
    }

    private String time(Instant at) {
        return HL7_TS.format(at.atZone(zone));
    }

    private static String sex(Sex sex) {
        switch (sex) {
            case M: return "M";
            case F: return "F";
            case OTHER: return "O";
            default: return "U";
        }
    }

    /** HL7 table 0272: U usual control, R restricted, V very restricted. */
    private static String confidentiality(Confidentiality level) {
        if (level == Confidentiality.VERY_RESTRICTED) {
            return "V";
        }
        return level == Confidentiality.RESTRICTED ? "R" : "U";
    }
}
