package it.pis.gateway.inbound.soap;

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
 * routes/soap-in.yaml on its own: the request is identified, its signature verified, mapped,
 * journaled and answered with the report id, and the route ends there (the relay,
 * routes/reports-out.yaml, publishes the report from the journal's outbox); a refusal at any step is
 * journaled and answered as a soap:Client fault; a journal outage as soap:Server (resend). What CXF
 * refuses before the route runs is journaled through soap-refused. The answers are the real
 * SoapAnswers; the intake (it needs the partners' certificates) and the journal are stand-ins.
 */
class SoapRouteTest extends YamlRouteTestSupport {

    /** Stands in for SoapIntake with the methods the route calls; {@link #refuseSignature} makes the check refuse. */
    public static class IntakeStandIn {
        final List<String> steps;
        volatile Function<InboundMessage, RuntimeException> refuseSignature;

        IntakeStandIn(List<String> steps) {
            this.steps = steps;
        }

        public InboundMessage identify(PartnerRequest request) {
            steps.add("intake.identify");
            return new InboundMessage(SoapIntake.CHANNEL, request.body()).claimed("QUESTURA-MI", "QMI-1", "SubmitReport");
        }

        public InboundMessage verifySignature(InboundMessage message) {
            steps.add("intake.verifySignature");
            if (refuseSignature != null) {
                throw refuseSignature.apply(message);
            }
            return message;
        }

        public InboundMessage map(InboundMessage message) {
            steps.add("intake.map");
            return message.mapped(new Report(UUID.randomUUID(), Instant.now(), null, null, null, null, null, null, null,
                    "Uomo senza dimora in stato confusionale", null, null, null, ReportStatus.NEW, null, null));
        }
    }

    final List<String> steps = new CopyOnWriteArrayList<>();
    final IntakeStandIn intake = new IntakeStandIn(steps);
    final JournalStandIn journal = new JournalStandIn("journal", steps);

    @Override
    protected List<String> routeFiles() {
        return List.of("soap-in.yaml");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("soapIntake", intake);
        registry.bind("inboundJournal", journal);
        registry.bind("soapAnswers", new SoapAnswers());
    }

    @BeforeEach
    void start() throws Exception {
        startRoutes();
    }

    SoapAnswer post() {
        PartnerRequest request = new PartnerRequest(SoapIntake.CHANNEL, "SubmitReport", Map.of(),
                "<soap:Envelope/>".getBytes(StandardCharsets.UTF_8), null);
        return template.requestBody("direct:soap-in", request, SoapAnswer.class);
    }

    @Test
    void aSignedRequestIsVerifiedMappedJournaledAndAnswered() {
        SoapAnswer answer = post();

        assertThat(answer.refused()).isFalse();
        assertThat(journal.accepted).hasSize(1);
        assertThat(answer.reportId()).isEqualTo(journal.accepted.get(0).reportId());
        assertThat(answer.duplicate()).isFalse();
        assertThat(steps).containsExactly("intake.identify", "intake.verifySignature", "intake.map", "journal.accept");
    }

    @Test
    void aSignatureRefusalIsJournaledAndAnsweredAsTheSendersFault() {
        intake.refuseSignature = message -> new InboundRejection(Kind.REJECT, Cause.SIGNATURE_INVALID,
                "unsigned: the envelope has no wsse:Security header", message);

        SoapAnswer answer = post();

        assertThat(answer.refused()).isTrue();
        assertThat(answer.server()).isFalse();
        assertThat(answer.cause()).isEqualTo("SIGNATURE_INVALID");
        assertThat(answer.reason()).isEqualTo("unsigned: the envelope has no wsse:Security header");
        assertThat(steps).containsExactly("intake.identify", "intake.verifySignature", "journal.reject");
        assertThat(journal.accepted).isEmpty();
    }

    @Test
    void aJournalOutageIsTheServersFaultSoThatThePartnerResends() {
        journal.down = true;

        SoapAnswer answer = post();

        assertThat(answer.refused()).isTrue();
        assertThat(answer.server()).isTrue();
        assertThat(answer.cause()).isEqualTo("JOURNAL_UNAVAILABLE");
    }

    @Test
    void whatCxfRefusedBeforeTheRouteIsJournaled() {
        template.sendBody("direct:soap-refused", new InboundMessage(SoapIntake.CHANNEL, new byte[0]));

        assertThat(steps).containsExactly("journal.reject");
    }
}
