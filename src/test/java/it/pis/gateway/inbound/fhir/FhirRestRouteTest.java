package it.pis.gateway.inbound.fhir;

import it.pis.gateway.agreement.Channels;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.inbound.InboundRejection.Cause;
import it.pis.gateway.inbound.InboundRejection.Kind;
import it.pis.gateway.inbound.PartnerRequest;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.routes.JournalStandIn;
import it.pis.gateway.routes.YamlRouteTestSupport;
import org.apache.camel.spi.Registry;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/fhir-rest-in.yaml on its own: a resource is identified, mapped, journaled and answered 201
 * with its Location, and the route ends there (the relay, routes/reports-out.yaml, publishes the
 * report from the journal's outbox); a refusal is journaled and answered with an OperationOutcome and
 * its status; a journal outage is answered 503 with Retry-After. The answers are the real
 * FhirAnswers; the intake (it needs the partners' certificates and the ModI replay store in the
 * database) and the journal are stand-ins.
 */
class FhirRestRouteTest extends YamlRouteTestSupport {

    /** Stands in for FhirIntake with the methods the route calls; {@link #refuse} makes identify refuse. */
    public static class IntakeStandIn {
        final List<String> steps;
        volatile Function<InboundMessage, RuntimeException> refuse;

        IntakeStandIn(List<String> steps) {
            this.steps = steps;
        }

        public InboundMessage identify(PartnerRequest request) {
            steps.add("intake.identify");
            InboundMessage message = new InboundMessage(Channels.FHIR_REST, request.body())
                    .claimed(null, "sr-0001", "ServiceRequest")
                    .decoded(StandardCharsets.UTF_8, new FhirData(FhirData.CREATE, new ServiceRequest(), List.of(),
                            "https://localhost:8443/fhir"));
            if (refuse != null) {
                throw refuse.apply(message);
            }
            return message;
        }

        public InboundMessage map(InboundMessage message) {
            steps.add("intake.map");
            return message.mapped(new Report(UUID.randomUUID(), Instant.now(), null, null, null, null, null, null, null,
                    "senza dimora, notte all aperto", null, null, null, ReportStatus.NEW, null, null));
        }
    }

    final List<String> steps = new CopyOnWriteArrayList<>();
    final IntakeStandIn intake = new IntakeStandIn(steps);
    final JournalStandIn journal = new JournalStandIn("journal", steps);

    @Override
    protected List<String> routeFiles() {
        return List.of("fhir-rest-in.yaml");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("fhirIntake", intake);
        registry.bind("inboundJournal", journal);
        registry.bind("fhirAnswers", new FhirAnswers());
    }

    @BeforeEach
    void start() throws Exception {
        startRoutes();
    }

    FhirAnswer post() {
        PartnerRequest request = new PartnerRequest(Channels.FHIR_REST, "ServiceRequest",
                Map.of("Content-Type", "application/fhir+json"), "{}".getBytes(StandardCharsets.UTF_8), null);
        return template.requestBody("direct:fhir-rest-in", request, FhirAnswer.class);
    }

    @Test
    void aResourceIsMappedJournaledAndAnswered201() {
        FhirAnswer answer = post();

        assertThat(journal.accepted).hasSize(1);
        String reportId = journal.accepted.get(0).reportId();
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.headers()).containsEntry("Location", "ServiceRequest/" + reportId)
                .containsEntry(FhirAnswers.REPORT_ID, reportId);
        assertThat(steps).containsExactly("intake.identify", "intake.map", "journal.accept");
    }

    @Test
    void aRefusalIsJournaledAndAnsweredWithAnOperationOutcome() {
        intake.refuse = message -> new InboundRejection(Kind.REJECT, Cause.SIGNATURE_INVALID,
                "ModI INTEGRITY_REST_01: missing Digest header (agreement csm-milano-nord, inbound[0].modi)", message);

        FhirAnswer answer = post();

        assertThat(answer.status()).isEqualTo(403);
        assertThat(((OperationOutcome) answer.resource()).getIssueFirstRep().getDiagnostics())
                .isEqualTo("ModI INTEGRITY_REST_01: missing Digest header (agreement csm-milano-nord, inbound[0].modi)");
        assertThat(steps).containsExactly("intake.identify", "journal.reject");
        assertThat(journal.rejected).singleElement().isInstanceOfSatisfying(InboundRejection.class,
                r -> assertThat(r.cause()).isEqualTo(Cause.SIGNATURE_INVALID));
    }

    @Test
    void aJournalOutageIsAnswered503WithRetryAfter() {
        journal.down = true;

        FhirAnswer answer = post();

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.headers()).containsKey("Retry-After");
        assertThat(steps).containsExactly("intake.identify", "intake.map", "journal.accept", "journal.reject");
    }
}
