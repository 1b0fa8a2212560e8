package it.pis.gateway.inbound.json;

import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.inbound.InboundRejection.Cause;
import it.pis.gateway.inbound.InboundRejection.Kind;
import it.pis.gateway.inbound.PartnerRequest;
import it.pis.gateway.inbound.json.JsonRest.DocumentType;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.routes.JournalStandIn;
import it.pis.gateway.routes.YamlRouteTestSupport;
import org.apache.camel.Header;
import org.apache.camel.spi.Registry;
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
 * routes/json-rest-in.yaml on its own: a Report is identified, mapped, journaled and answered 201,
 * and the route ends there (the relay, routes/reports-out.yaml, publishes the report from the
 * journal's outbox); a shelter document goes to the shelter journal and is answered without being
 * mapped; a refusal is journaled and answered with its cause and status; an unexpected failure is
 * journaled and answered 503 (resend). The answers are the real JsonAnswers; the intake (it needs
 * the partners' certificates and the gateway's keys) and the journals (the database) are stand-ins.
 */
class JsonRestRouteTest extends YamlRouteTestSupport {

    /** Stands in for JsonIntake with the methods the route calls; {@link #refuse} makes identify refuse. */
    public static class IntakeStandIn {
        final List<String> steps;
        volatile Function<InboundMessage, RuntimeException> refuse;
        volatile RuntimeException mappingFails;

        IntakeStandIn(List<String> steps) {
            this.steps = steps;
        }

        public InboundMessage identify(PartnerRequest request, @Header("placementId") String placementId) {
            steps.add("intake.identify");
            DocumentType type = DocumentType.valueOf(request.operation());
            InboundMessage message = new InboundMessage(JsonRest.CHANNEL, request.body())
                    .claimed(null, request.header("idempotency-key"), type.name())
                    .decoded(StandardCharsets.UTF_8, new JsonDocument(type, null, type == DocumentType.Report ? null : placementId));
            if (refuse != null) {
                throw refuse.apply(message);
            }
            return message;
        }

        public InboundMessage map(InboundMessage message) {
            steps.add("intake.map");
            if (mappingFails != null) {
                throw mappingFails;
            }
            return message.mapped(new Report(UUID.randomUUID(), Instant.now(), null, null, null, null, null, null, null,
                    "Uomo anziano dorme sotto il portico", null, true, null, ReportStatus.NEW, null, null));
        }
    }

    /** Stands in for ShelterJournal: records the document as stored under a new id. */
    public static class ShelterJournalStandIn extends JournalStandIn {
        ShelterJournalStandIn(List<String> steps) {
            super("shelterJournal", steps);
        }

        @Override
        public InboundMessage accept(InboundMessage message) {
            super.accept(message);
            ((JsonDocument) message.protocolData()).storedAs(message.id().toString(), false);
            return message;
        }
    }

    final List<String> steps = new CopyOnWriteArrayList<>();
    final IntakeStandIn intake = new IntakeStandIn(steps);
    final JournalStandIn journal = new JournalStandIn("journal", steps);
    final JournalStandIn shelterJournal = new ShelterJournalStandIn(steps);

    @Override
    protected List<String> routeFiles() {
        return List.of("json-rest-in.yaml");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("jsonIntake", intake);
        registry.bind("inboundJournal", journal);
        registry.bind("shelterJournal", shelterJournal);
        registry.bind("jsonAnswers", new JsonAnswers());
    }

    @BeforeEach
    void start() throws Exception {
        startRoutes();
    }

    JsonReply post(DocumentType type, String placementId) {
        PartnerRequest request = new PartnerRequest(JsonRest.CHANNEL, type.name(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()), "{}".getBytes(StandardCharsets.UTF_8), null);
        return template.requestBodyAndHeader("direct:json-rest-in", request, "placementId", placementId, JsonReply.class);
    }

    @Test
    void aReportIsMappedJournaledAndAnswered() {
        JsonReply reply = post(DocumentType.Report, null);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(journal.accepted).hasSize(1);
        assertThat(reply.body()).contains("\"id\":\"" + journal.accepted.get(0).reportId() + "\"", "\"status\":\"ACCEPTED\"");
        assertThat(steps).containsExactly("intake.identify", "intake.map", "journal.accept");
        assertThat(shelterJournal.accepted).isEmpty();
    }

    @Test
    void aShelterDocumentGoesToTheShelterJournalUnmapped() {
        JsonReply reply = post(DocumentType.PlacementDecline, "PL-42");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body()).contains("\"type\":\"PlacementDecline\"", "\"status\":\"ACCEPTED\"");
        assertThat(steps).containsExactly("intake.identify", "shelterJournal.accept");
        assertThat(shelterJournal.accepted).singleElement()
                .satisfies(m -> assertThat(m.report()).isNull());
        assertThat(journal.accepted).isEmpty();
    }

    @Test
    void aRefusalIsJournaledAndAnsweredWithItsCauseAndStatus() {
        intake.refuse = message -> new InboundRejection(Kind.REJECT, Cause.TYPE_NOT_ACCEPTED,
                "agreement uds-milano does not accept BedAvailability (inbound[0].accept)", message);

        JsonReply reply = post(DocumentType.BedAvailability, null);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).contains("\"cause\":\"TYPE_NOT_ACCEPTED\"", "does not accept BedAvailability");
        assertThat(steps).containsExactly("intake.identify", "journal.reject");
        assertThat(shelterJournal.accepted).isEmpty();
    }

    @Test
    void anUnexpectedFailureIsJournaledAndAnswered503SoThatThePartnerResends() {
        intake.mappingFails = new IllegalStateException("a defect");

        JsonReply reply = post(DocumentType.Report, null);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body()).contains("\"cause\":\"INTERNAL\"", "NOT stored, please resend");
        assertThat(steps).containsExactly("intake.identify", "intake.map", "journal.reject");
        assertThat(journal.rejected).singleElement().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aJournalOutageIsAnswered503NotStoredResend() {
        journal.down = true;

        JsonReply reply = post(DocumentType.Report, null);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body()).contains("\"cause\":\"JOURNAL_UNAVAILABLE\"", "journal unavailable",
                "NOT stored, please resend");
        assertThat(steps).containsExactly("intake.identify", "intake.map", "journal.accept", "journal.reject");
    }
}
