package it.pis.gateway.inbound.fhir;

import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.inbound.InboundRejection.Cause;
import org.apache.camel.Exchange;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The FHIR channel's answers, in the forms HAPI's generic client parses: a create gets 201 with
 * {@code Location: <Type>/<report id>} and an OperationOutcome; a transaction or batch gets its
 * response Bundle (one entry per request entry); {@code $process-message} gets a response message
 * Bundle whose MessageHeader answers the request's; a resend of an accepted message gets 200 and
 * the same report id. Every answer carries {@code X-Report-Id}. A refusal is an OperationOutcome
 * with the refusal's HTTP status and its text in {@code diagnostics}.
 */
public class FhirAnswers {

    public static final String REPORT_ID = "X-Report-Id";

    /** For an accepted (or duplicate) message, after the journal committed it. */
    public FhirAnswer accepted(InboundMessage message) {
        FhirData data = (FhirData) message.protocolData();
        boolean created = message.isNewReport();
        String text = created ? "accepted as report " + message.reportId()
                : "duplicate of an accepted message: report " + message.reportId();
        OperationOutcome outcome = outcome(IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, text);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(REPORT_ID, message.reportId());
        switch (data.interaction()) {
            case FhirData.TRANSACTION, FhirData.BATCH -> {
                return new FhirAnswer(200, headers, transactionResponse(message, data, created, outcome));
            }
            case FhirData.PROCESS_MESSAGE -> {
                return new FhirAnswer(200, headers, messageResponse(message, data, outcome));
            }
            default -> {
                headers.put("Location", data.root().fhirType() + "/" + message.reportId());
                return new FhirAnswer(created ? 201 : 200, headers, outcome);
            }
        }
    }

    /** For a refusal caught by the route: the exception is Camel's caught exception. */
    public FhirAnswer rejected(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof InboundRejection rejection) {
            return refusal(rejection.cause(), rejection.getMessage());
        }
        // not a refusal of the message but a failure of the gateway around the journal: nothing is
        // acknowledged, and the partner must resend
        return new FhirAnswer(503, Map.of("Retry-After", "5"), outcome(IssueSeverity.ERROR, IssueType.TRANSIENT,
                "the message was NOT stored, please resend: " + (caught == null ? "unknown failure" : caught.toString())));
    }

    /** A refusal as an OperationOutcome with the cause's status. */
    public static FhirAnswer refusal(Cause cause, String text) {
        OperationOutcome outcome = outcome(IssueSeverity.ERROR, issueType(cause), text);
        outcome.getIssueFirstRep().getDetails().addCoding().setSystem("urn:pis-gateway:refusal-cause").setCode(cause.name());
        Map<String, String> headers = cause == Cause.JOURNAL_UNAVAILABLE ? Map.of("Retry-After", "5") : Map.of();
        return new FhirAnswer(cause.httpStatus(), headers, outcome);
    }

    /** A request for something the FHIR base does not serve (no Camel, nothing to journal). */
    public static FhirAnswer notServed(int status, String text) {
        return new FhirAnswer(status, Map.of(), outcome(IssueSeverity.ERROR,
                status == 405 ? IssueType.NOTSUPPORTED : IssueType.NOTFOUND, text));
    }

    private static IssueType issueType(Cause cause) {
        return switch (cause) {
            case UNPARSEABLE -> IssueType.STRUCTURE;
            case INVALID, CONSENT_MISSING -> IssueType.INVALID;
            case UNSUPPORTED_MEDIA_TYPE, TYPE_NOT_ACCEPTED -> IssueType.NOTSUPPORTED;
            case TOO_LARGE -> IssueType.TOOLONG;
            case UNKNOWN_PARTNER, CERTIFICATE_REFUSED, IDENTITY_MISMATCH, SIGNATURE_INVALID, TLS_REQUIRED -> IssueType.SECURITY;
            case REPLAYED, KEY_REUSED, IDEMPOTENCY_KEY_REUSED -> IssueType.DUPLICATE;
            case MAPPING_FAILED, UNDECRYPTABLE -> IssueType.PROCESSING;
            case JOURNAL_UNAVAILABLE -> IssueType.TRANSIENT;
        };
    }

    static OperationOutcome outcome(IssueSeverity severity, IssueType type, String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(severity).setCode(type).setDiagnostics(text);
        return outcome;
    }

    private static Bundle transactionResponse(InboundMessage message, FhirData data, boolean created,
                                              OperationOutcome outcome) {
        Bundle request = (Bundle) data.root();
        Bundle response = new Bundle();
        response.setId(message.id().toString());
        response.setType(data.interaction().equals(FhirData.BATCH) ? Bundle.BundleType.BATCHRESPONSE
                : Bundle.BundleType.TRANSACTIONRESPONSE);
        boolean first = true;
        for (Bundle.BundleEntryComponent entry : request.getEntry()) {
            Bundle.BundleEntryResponseComponent answer = response.addEntry().getResponse()
                    .setStatus(created ? "201 Created" : "200 OK");
            if (entry.getResource() != null) {
                answer.setLocation(entry.getResource().fhirType() + "/" + message.reportId());
            }
            if (first) {
                answer.setOutcome(outcome);
                first = false;
            }
        }
        return response;
    }

    private static Bundle messageResponse(InboundMessage message, FhirData data, OperationOutcome outcome) {
        MessageHeader request = (MessageHeader) ((Bundle) data.root()).getEntryFirstRep().getResource();
        String outcomeUrl = "urn:uuid:" + UUID.randomUUID();
        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        header.setEvent(request.getEvent().copy());
        header.getSource().setName("PIS gateway").setEndpoint(data.base());
        header.addDestination().setEndpoint(request.getSource().getEndpoint());
        header.getResponse().setIdentifier(request.getIdElement().getIdPart())
                .setCode(MessageHeader.ResponseType.OK).setDetails(new Reference(outcomeUrl));
        Bundle response = new Bundle();
        response.setId(UUID.randomUUID().toString());
        response.setType(Bundle.BundleType.MESSAGE);
        response.setTimestamp(new Date());
        response.addEntry().setFullUrl("urn:uuid:" + header.getIdElement().getIdPart()).setResource(header);
        response.addEntry().setFullUrl(outcomeUrl).setResource(outcome);
        return response;
    }

    /** What the FHIR base serves, for {@code GET [base]/metadata} (HAPI's client reads it first). */
    public static CapabilityStatement capabilityStatement(String base, List<String> resourceTypes) {
        CapabilityStatement statement = new CapabilityStatement();
        statement.setStatus(Enumerations.PublicationStatus.ACTIVE);
        statement.setDate(new Date());
        statement.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        statement.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        statement.setFormat(List.of(new CodeType("application/fhir+json"), new CodeType("application/fhir+xml")));
        statement.getSoftware().setName("PIS gateway");
        statement.getImplementation().setDescription("PIS gateway: reports from partners (CSM, SerD, hospitals)")
                .setUrl(base);
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER)
                .setDocumentation("Each accepted message becomes one report; the answer carries its id. A resend"
                        + " (same Idempotency-Key, MessageHeader.id, Bundle identifier or resource id) answers the"
                        + " same report.");
        rest.getSecurity().setDescription("Mutual TLS with the certificate named in the partner's agreement; where"
                + " the agreement says so, AgID ModI INTEGRITY_REST_01 (Digest + Agid-JWT-Signature JWS with x5c,"
                + " iat, exp, jti and signed_headers including the digest).");
        for (String type : resourceTypes) {
            rest.addResource().setType(type).addInteraction()
                    .setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
        }
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
        rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
        rest.addOperation().setName("process-message")
                .setDefinition("http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message");
        return statement;
    }
}
