package it.pis.gateway.it;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import it.pis.gateway.crypto.DevCertificates;
import it.pis.gateway.crypto.Pem;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import static it.pis.gateway.it.FhirFixtures.CSM;
import static it.pis.gateway.it.FhirFixtures.CSM_SOURCE;
import static it.pis.gateway.it.FhirFixtures.SERD;
import static it.pis.gateway.it.FhirFixtures.SERD_SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

/** The FHIR R4 channel driven by real clients: HAPI's generic client and signed java.net.http posts. */
class FhirChannelTest extends GatewayIntegrationTest {

    private FhirPartner csm() {
        return FhirPartner.of(CERTS, PARTNER_PORT, CSM);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    /** The refusal's OperationOutcome diagnostics, after checking it is one. */
    private static String diagnostics(HttpResponse<String> response) {
        OperationOutcome outcome = FhirPartner.CLIENT_FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        return outcome.getIssueFirstRep().getDiagnostics();
    }

    @Test
    void hapiClientReadsTheCapabilityStatement() {
        CapabilityStatement statement = csm().hapiClient().capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(statement.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(statement.getRestFirstRep().getOperation()).extracting(o -> o.getName()).contains("process-message");
        assertThat(statement.getRestFirstRep().getResource()).extracting(r -> r.getType())
                .contains("ServiceRequest", "Communication", "Task", "Bundle");
    }

    @Test
    void hapiClientCreatesAServiceRequestAndAResendAnswersTheSameReport() throws Exception {
        IGenericClient client = csm().hapiClient();
        ServiceRequest request = new ServiceRequest();
        request.addIdentifier().setSystem("https://fhir.csm-nord.example/richieste").setValue(id());
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE).setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setPriority(ServiceRequest.ServiceRequestPriority.URGENT);
        Patient patient = new Patient();
        patient.setId("pz");
        patient.addName().setFamily("Bianchi").addGiven("Anna");
        request.addContained(patient);
        request.setSubject(new Reference("#pz"));
        request.addNote().setText("rifiuta il ricovero, nessun domicilio");

        MethodOutcome created = client.create().resource(request).execute();
        assertThat(created.getCreated()).isTrue();
        String reportId = created.getId().getIdPart();
        HttpResponse<String> report = get("/api/reports/" + reportId);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("\"partnerId\":\"" + CSM + "\"", "Bianchi", "Anna",
                "rifiuta il ricovero, nessun domicilio", "\"urgency\":\"URGENT\"", "RESTRICTED");

        MethodOutcome resent = client.create().resource(request).execute();
        assertThat(resent.getId().getIdPart()).isEqualTo(reportId);
    }

    @Test
    void hapiClientSendsATransaction() throws Exception {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.getIdentifier().setSystem("https://fhir.csm-nord.example/tx").setValue(id());
        Patient patient = new Patient();
        patient.addName().setFamily("Verdi").addGiven("Luca");
        transaction.addEntry().setFullUrl("urn:uuid:" + id()).setResource(patient)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        ServiceRequest request = new ServiceRequest().setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER).setSubject(new Reference(transaction.getEntry().get(0).getFullUrl()));
        request.addNote().setText("in strada da tre notti");
        transaction.addEntry().setFullUrl("urn:uuid:" + id()).setResource(request)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("ServiceRequest");

        Bundle response = csm().hapiClient().transaction().withBundle(transaction).execute();
        assertThat(response.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);
        assertThat(response.getEntry()).hasSize(2).allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
        String location = response.getEntry().get(1).getResponse().getLocation();
        String reportId = location.substring(location.lastIndexOf('/') + 1);
        assertThat(get("/api/reports/" + reportId).body()).contains("Verdi", "in strada da tre notti");
    }

    @Test
    void hapiClientProcessesAMessage() throws Exception {
        Bundle message = FhirPartner.CLIENT_FHIR.newJsonParser()
                .parseResource(Bundle.class, FhirFixtures.message(id(), CSM_SOURCE, "Neri"));
        Bundle response = csm().hapiClient().operation().processMessage().setMessageBundle(message)
                .synchronous(Bundle.class).execute();
        assertThat(response.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        MessageHeader header = (MessageHeader) response.getEntryFirstRep().getResource();
        assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.OK);
        assertThat(header.getResponse().getIdentifier())
                .isEqualTo(message.getEntryFirstRep().getResource().getIdElement().getIdPart());
        OperationOutcome outcome = (OperationOutcome) response.getEntry().get(1).getResource();
        String reportId = outcome.getIssueFirstRep().getDiagnostics().replaceAll(".*report ", "");
        assertThat(get("/api/reports/" + reportId).body()).contains("Neri", "persona senza dimora", "\"urgency\":\"URGENT\"");
    }

    @Test
    void serdCommunicationMapsItsPayload() throws Exception {
        HttpResponse<String> response = FhirPartner.of(CERTS, PARTNER_PORT, SERD)
                .post("/Communication", FhirFixtures.communication(id(), "overdose sospetta, accompagnato al PS"));
        assertThat(response.statusCode()).isEqualTo(201);
        String reportId = response.headers().firstValue("X-Report-Id").orElseThrow();
        assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/fhir/Communication/" + reportId);
        assertThat(get("/api/reports/" + reportId).body()).contains(SERD, "overdose sospetta, accompagnato al PS");
    }

    @Test
    void theIdempotencyKeyHeaderMakesAResendTheSameReport() throws Exception {
        String key = id();
        HttpResponse<String> first = csm().post("/ServiceRequest", FhirFixtures.serviceRequest(id(), "Gallo", "uno"),
                Map.of("Idempotency-Key", key), c -> { });
        HttpResponse<String> again = csm().post("/ServiceRequest", FhirFixtures.serviceRequest(id(), "Gallo", "uno"),
                Map.of("Idempotency-Key", key), c -> { });
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("X-Report-Id")).isEqualTo(first.headers().firstValue("X-Report-Id"));
    }

    // --- certificates: who may send at all ---

    @Test
    void noClientCertificateIsRefused() throws Exception {
        HttpResponse<String> response = partner(null).post("/fhir/ServiceRequest", FhirPartner.JSON,
                FhirFixtures.serviceRequest(id(), "X", "y").getBytes(), Map.of());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(diagnostics(response)).contains("no client certificate");
    }

    @Test
    void unknownExpiredNotYetValidAndUntrustedCertificatesAreRefused() throws Exception {
        DevCertificates.Issued ca = new DevCertificates.Issued(Pem.readCertificate(CERTS.resolve("dev-ca.crt")),
                Pem.readPrivateKey(CERTS.resolve("dev-ca.key")), null);
        java.time.Instant now = java.time.Instant.now();
        DevCertificates.Issued unknown = DevCertificates.issue(ca, "stranger", now.minusSeconds(60), now.plusSeconds(3600), false);
        DevCertificates.Issued expired = DevCertificates.issue(ca, "expired", now.minusSeconds(7200), now.minusSeconds(3600), false);
        DevCertificates.Issued future = DevCertificates.issue(ca, "future", now.plusSeconds(3600), now.plusSeconds(7200), false);
        DevCertificates.Issued otherCa = DevCertificates.newCa("other CA", now.minusSeconds(60), now.plusSeconds(3600));
        DevCertificates.Issued untrusted = DevCertificates.issue(otherCa, "untrusted", now.minusSeconds(60), now.plusSeconds(3600), false);
        Map<DevCertificates.Issued, String> expected = Map.of(unknown, "is not named by any agreement",
                expired, "expired on", future, "is not valid before", untrusted, "not issued by a CA the gateway trusts");
        for (Map.Entry<DevCertificates.Issued, String> c : expected.entrySet()) {
            FhirPartner partner = new FhirPartner(new PartnerClient(CERTS, PARTNER_PORT,
                    DevCertificates.pkcs12("client", c.getKey())), c.getKey().key(), c.getKey().certificate());
            HttpResponse<String> response = partner.post("/ServiceRequest", FhirFixtures.serviceRequest(id(), "X", "y"));
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(diagnostics(response)).contains(c.getValue());
        }
    }

    @Test
    void aPartnerSendingAsAnotherIsRefusedNamingTheMismatch() throws Exception {
        HttpResponse<String> message = FhirPartner.of(CERTS, PARTNER_PORT, SERD)
                .post("/$process-message", FhirFixtures.message(id(), CSM_SOURCE, "Rossi"));
        assertThat(message.statusCode()).isEqualTo(403);
        assertThat(diagnostics(message)).contains("identity mismatch", "agreement " + SERD, "MessageHeader.source.endpoint",
                CSM_SOURCE, "agreement " + CSM);

        String withMetaSource = FhirFixtures.communication(id(), "testo")
                .replace("\"status\"", "\"meta\":{\"source\":\"" + SERD_SOURCE + "#req-1\"},\"status\"");
        HttpResponse<String> resource = csm().post("/Communication", withMetaSource);
        assertThat(resource.statusCode()).isEqualTo(403);
        assertThat(diagnostics(resource)).contains("identity mismatch", "Communication.meta.source", SERD);
    }

    // --- ModI INTEGRITY_REST_01 ---

    @Test
    void aRequestWithoutModiHeadersIsRefused() throws Exception {
        HttpResponse<String> response = partner(CSM).post("/fhir/ServiceRequest", FhirPartner.JSON,
                FhirFixtures.serviceRequest(id(), "X", "y").getBytes(), Map.of());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(diagnostics(response)).contains("missing Digest header", "inbound[0].modi");
    }

    @Test
    void aBodyThatIsNotTheDigestedOneIsRefused() throws Exception {
        FhirPartner csm = csm();
        byte[] signedBody = FhirFixtures.serviceRequest(id(), "X", "y").getBytes();
        Map<String, String> headers = csm.modiHeaders(signedBody, FhirPartner.JSON, c -> { });
        HttpResponse<String> response = csm.http.post("/fhir/ServiceRequest", FhirPartner.JSON,
                FhirFixtures.serviceRequest(id(), "X", "changed").getBytes(), headers);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(diagnostics(response)).contains("Digest SHA-256 does not match the body");
    }

    @Test
    void aSignatureByAnotherPartnersKeyIsRefused() throws Exception {
        FhirPartner serdKeyOnCsmTls = new FhirPartner(partner(CSM), Pem.readPrivateKey(CERTS.resolve(SERD + ".key")),
                Pem.readCertificate(CERTS.resolve(SERD + ".crt")));
        HttpResponse<String> response = serdKeyOnCsmTls.post("/ServiceRequest", FhirFixtures.serviceRequest(id(), "X", "y"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(diagnostics(response)).contains("signed with certificate", "not with " + CSM);

        FhirPartner forgedX5c = new FhirPartner(partner(CSM), Pem.readPrivateKey(CERTS.resolve(SERD + ".key")),
                Pem.readCertificate(CERTS.resolve(CSM + ".crt")));
        HttpResponse<String> forged = forgedX5c.post("/ServiceRequest", FhirFixtures.serviceRequest(id(), "X", "y"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(diagnostics(forged)).contains("does not verify");
    }

    @Test
    void staleFutureAndExpiredSignaturesAreRefused() throws Exception {
        long now = System.currentTimeMillis();
        HttpResponse<String> stale = csm().post("/ServiceRequest", FhirFixtures.serviceRequest(id(), "X", "y"), Map.of(),
                c -> c.issueTime(new Date(now - 3_600_000)).notBeforeTime(null).expirationTime(new Date(now + 60_000)));
        assertThat(stale.statusCode()).isEqualTo(403);
        assertThat(diagnostics(stale)).contains("is older than PT5M");

        HttpResponse<String> future = csm().post("/ServiceRequest", FhirFixtures.serviceRequest(id(), "X", "y"), Map.of(),
                c -> c.issueTime(new Date(now + 600_000)).expirationTime(new Date(now + 900_000)));
        assertThat(future.statusCode()).isEqualTo(403);
        assertThat(diagnostics(future)).contains("is in the future");

        HttpResponse<String> expired = csm().post("/ServiceRequest", FhirFixtures.serviceRequest(id(), "X", "y"), Map.of(),
                c -> c.issueTime(new Date(now - 200_000)).notBeforeTime(null).expirationTime(new Date(now - 100_000)));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(diagnostics(expired)).contains("expired at");
    }

    @Test
    void aReplayedJtiIsRefused() throws Exception {
        FhirPartner csm = csm();
        byte[] body = FhirFixtures.serviceRequest(id(), "Replay", "y").getBytes();
        Map<String, String> headers = csm.modiHeaders(body, FhirPartner.JSON, c -> { });
        assertThat(csm.http.post("/fhir/ServiceRequest", FhirPartner.JSON, body, headers).statusCode()).isEqualTo(201);
        HttpResponse<String> replay = csm.http.post("/fhir/ServiceRequest", FhirPartner.JSON, body, headers);
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(diagnostics(replay)).contains("replayed Agid-JWT-Signature");
    }

    @Test
    void aSignatureThatDoesNotCoverTheDigestIsRefused() throws Exception {
        HttpResponse<String> response = csm().post("/ServiceRequest", FhirFixtures.serviceRequest(id(), "X", "y"), Map.of(),
                c -> c.claim("signed_headers", null));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(diagnostics(response)).contains("no signed_headers");

        HttpResponse<String> wrongType = csm().post("/ServiceRequest", FhirFixtures.serviceRequest(id(), "X", "y"), Map.of(),
                c -> c.claim("signed_headers", java.util.List.of(Map.of("digest", "SHA-256=AAAA"))));
        assertThat(wrongType.statusCode()).isEqualTo(403);
        assertThat(diagnostics(wrongType)).contains("signed_headers digest");
    }

    // --- what the message is ---

    @Test
    void aTypeTheAgreementDoesNotAcceptIsRefusedNamingTheRule() throws Exception {
        HttpResponse<String> response = csm().post("/Patient",
                "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"name\":[{\"family\":\"X\"}]}");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(diagnostics(response)).contains("agreement " + CSM + " does not accept Patient (inbound[0].accept)");
    }

    @Test
    void fhirXmlWithADoctypeIsRefusedAndTheEntityIsNeverRead() throws Exception {
        java.nio.file.Path canary = java.nio.file.Files.createTempFile("pis-fhir-xxe-", ".txt");
        java.nio.file.Files.writeString(canary, "CANARY-" + UUID.randomUUID());
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE Communication [<!ENTITY secret SYSTEM \"" + canary.toUri() + "\">]>"
                + "<Communication xmlns=\"http://hl7.org/fhir\"><id value=\"" + id() + "\"/><status value=\"completed\"/>"
                + "<payload><contentString value=\"&secret;\"/></payload></Communication>";
        byte[] body = xml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FhirPartner csm = csm();

        HttpResponse<String> response = csm.http.post("/fhir/Communication", "application/fhir+xml", body,
                csm.modiHeaders(body, "application/fhir+xml", claims -> { }));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("not a valid FHIR R4 XML resource")
                .doesNotContain(java.nio.file.Files.readString(canary));
    }

    @Test
    void malformedBodiesAre4xxOperationOutcomes() throws Exception {
        HttpResponse<String> nullExtension = csm().post("/Communication",
                "{\"resourceType\":\"Communication\",\"id\":\"c1\",\"status\":\"completed\",\"extension\":null}");
        assertThat(nullExtension.statusCode()).isEqualTo(400);
        assertThat(diagnostics(nullExtension)).contains("not a valid FHIR R4 JSON resource");

        HttpResponse<String> notJson = csm().post("/Communication", "MSH|^~\\&|not json");
        assertThat(notJson.statusCode()).isEqualTo(400);

        HttpResponse<String> wrongEndpoint = csm().post("/ServiceRequest", FhirFixtures.communication(id(), "x"));
        assertThat(wrongEndpoint.statusCode()).isEqualTo(422);
        assertThat(diagnostics(wrongEndpoint)).contains("a Communication was posted to [base]/ServiceRequest");

        HttpResponse<String> missing = csm().post("/ServiceRequest",
                "{\"resourceType\":\"ServiceRequest\",\"id\":\"sr-x\",\"note\":[{\"text\":\"x\"}]}");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(diagnostics(missing)).contains("ServiceRequest.status", "ServiceRequest.intent", "ServiceRequest.subject");

        HttpResponse<String> noKey = csm().post("/Communication",
                "{\"resourceType\":\"Communication\",\"status\":\"completed\",\"payload\":[{\"contentString\":\"x\"}]}");
        assertThat(noKey.statusCode()).isEqualTo(422);
        assertThat(diagnostics(noKey)).contains("no idempotency key");
    }

    @Test
    void unservedPathsAnswerAnOperationOutcome() throws Exception {
        HttpResponse<String> response = partner(CSM).get("/fhir/ServiceRequest/123");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(diagnostics(response)).contains("is not served");
    }
}
