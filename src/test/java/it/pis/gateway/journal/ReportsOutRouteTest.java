package it.pis.gateway.journal;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.publishing.BrokerLink;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.ReportStatus;
import it.pis.gateway.routes.YamlRouteTestSupport;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jms.UncategorizedJmsException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/reports-out.yaml on its own: a new report goes to the queue as its JSON, with its id as
 * Artemis' duplicate id, and only then leaves the outbox; a duplicate is not sent again; a report
 * the broker did not take stays in the outbox and the broker counts as down, so that new reports are
 * not even tried until the sweep, which always tries, gets one through; the sweep resends what the
 * outbox still holds and stops at the first failure; the confirmation timer flushes it. The queue is a mock, the timers are advised to direct endpoints,
 * and the outbox (it needs the database) is a stand-in.
 */
class ReportsOutRouteTest extends YamlRouteTestSupport {

    /** Stands in for {@link ReportOutbox}, with the methods the routes call. */
    public static class OutboxStandIn {
        final Map<String, String> unconfirmed = new LinkedHashMap<>();
        final List<String> published = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger sweepsEnded = new AtomicInteger();
        /** Reports another thread is sending right now. */
        final Set<String> sending = new HashSet<>();

        public List<ReportOutbox.Unpublished> unpublished() {
            return unconfirmed.keySet().stream().map(id -> new ReportOutbox.Unpublished(id, "ospedale-san-carlo")).toList();
        }

        public String body(String reportId) {
            return unconfirmed.get(reportId);
        }

        public void markPublished(String reportId) {
            published.add(reportId);
        }

        public boolean claim(String reportId) {
            return !sending.contains(reportId);
        }

        public void sent(String reportId) {
            // the stand-in's sends are never concurrent
        }

        public int flushConfirmed() {
            flushes.incrementAndGet();
            return 0;
        }

        public void endSweep() {
            sweepsEnded.incrementAndGet();
        }
    }

    final OutboxStandIn outbox = new OutboxStandIn();
    final BrokerLink broker = new BrokerLink(Clock.systemUTC(), Duration.ofMinutes(5));

    @Override
    protected List<String> routeFiles() {
        return List.of("reports-out.yaml");
    }

    @Override
    protected Properties properties() {
        Properties properties = new Properties();
        properties.put("pis.reports.queue", "pis.reports");
        properties.put("pis.outbox.confirm-period", "200");
        properties.put("pis.outbox.sweep-period", "10000");
        return properties;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("reportOutbox", outbox);
        registry.bind("brokerLink", broker);
    }

    @BeforeEach
    void adviseAndStart() throws Exception {
        AdviceWith.adviceWith(context, "send-report", route -> route.weaveByToUri("jms:*").replace().to("mock:queue"));
        AdviceWith.adviceWith(context, "resend-unconfirmed-reports", route -> route.replaceFromWith("direct:sweep"));
        AdviceWith.adviceWith(context, "forget-confirmed-reports", route -> route.replaceFromWith("direct:confirmations"));
        startRoutes();
    }

    static final Agreement SAN_CARLO = new AgreementRegistry(AgreementFiles.loader(), AgreementFiles.DEMO).current()
            .byId("ospedale-san-carlo").orElseThrow();

    static InboundMessage journaled(InboundMessage.Outcome outcome) {
        Report report = new Report(UUID.randomUUID(), Instant.now(), null, null, null, null, null, null, null,
                "Uomo senza dimora", null, null, null, ReportStatus.NEW, null, null);
        return new InboundMessage("hl7v2-mllp", new byte[0]).identifiedAs(SAN_CARLO)
                .journaled(outcome, report, "{\"id\":\"" + report.id() + "\"}");
    }

    @Test
    void aNewReportGoesToTheQueueAsJsonWithItsIdAsDuplicateIdThenLeavesTheOutbox() throws Exception {
        InboundMessage message = journaled(InboundMessage.Outcome.NEW_REPORT);
        MockEndpoint queue = getMockEndpoint("mock:queue");
        queue.expectedBodiesReceived(message.reportJson());
        queue.expectedHeaderReceived("reportId", message.reportId());
        queue.expectedHeaderReceived("_AMQ_DUPL_ID", message.reportId());
        queue.expectedHeaderReceived("JMSXGroupID", message.partnerId());

        template.sendBody("direct:publish-report", message);

        queue.assertIsSatisfied();
        assertThat(outbox.published).containsExactly(message.reportId());
    }

    @Test
    void aDuplicateIsNotSentAgain() throws Exception {
        MockEndpoint queue = getMockEndpoint("mock:queue");
        queue.expectedMessageCount(0);

        template.sendBody("direct:publish-report", journaled(InboundMessage.Outcome.DUPLICATE));

        queue.assertIsSatisfied();
        assertThat(outbox.published).isEmpty();
    }

    @Test
    void aReportTheBrokerDidNotTakeStaysInTheOutboxAndTheBrokerIsMarkedDown() {
        getMockEndpoint("mock:queue").whenAnyExchangeReceived(e -> {
            throw new UncategorizedJmsException("broker down");
        });

        Exchange sent = template.send("direct:publish-report", e -> e.getMessage().setBody(
                journaled(InboundMessage.Outcome.NEW_REPORT)));

        assertThat(sent.getException()).as("the failure is the broker's, handled here").isNull();
        assertThat(outbox.published).isEmpty();
        assertThat(broker.isUp()).isFalse();
    }

    @Test
    void whileTheBrokerIsDownNewReportsAreNotSentAndTheSweepFindsItBack() throws Exception {
        broker.failed(new UncategorizedJmsException("broker down"));
        MockEndpoint queue = getMockEndpoint("mock:queue");
        InboundMessage waiting = journaled(InboundMessage.Outcome.NEW_REPORT);

        template.sendBody("direct:publish-report", waiting);

        assertThat(queue.getReceivedCounter()).isZero();
        outbox.unconfirmed.put(waiting.reportId(), waiting.reportJson());
        template.sendBody("direct:sweep", null);
        assertThat(outbox.published).containsExactly(waiting.reportId());
        assertThat(broker.isUp()).isTrue();
    }

    @Test
    void theSweepStopsAtTheFirstReportTheBrokerDoesNotTake() {
        outbox.unconfirmed.put("r-1", "{\"id\":\"r-1\"}");
        outbox.unconfirmed.put("r-2", "{\"id\":\"r-2\"}");
        getMockEndpoint("mock:queue").whenAnyExchangeReceived(e -> {
            throw new UncategorizedJmsException("broker down");
        });

        Exchange swept = template.send("direct:sweep", e -> { });

        assertThat(swept.getException()).isNull();
        assertThat(getMockEndpoint("mock:queue").getReceivedCounter()).isEqualTo(1);
        assertThat(outbox.published).isEmpty();
        assertThat(broker.isUp()).isFalse();
        assertThat(outbox.sweepsEnded).as("the sweep's lease released after a failed send too").hasValue(1);
    }

    @Test
    void theSweepResendsEveryReportTheOutboxStillHolds() throws Exception {
        outbox.unconfirmed.put("r-1", "{\"id\":\"r-1\"}");
        outbox.unconfirmed.put("r-2", "{\"id\":\"r-2\"}");
        MockEndpoint queue = getMockEndpoint("mock:queue");
        queue.expectedBodiesReceived("{\"id\":\"r-1\"}", "{\"id\":\"r-2\"}");
        queue.message(0).header("_AMQ_DUPL_ID").isEqualTo("r-1");
        queue.message(1).header("_AMQ_DUPL_ID").isEqualTo("r-2");
        queue.allMessages().header("JMSXGroupID").isEqualTo("ospedale-san-carlo");

        template.sendBody("direct:sweep", null);

        queue.assertIsSatisfied();
        assertThat(outbox.published).containsExactly("r-1", "r-2");
        assertThat(outbox.sweepsEnded).as("the sweep's lease released for the other nodes").hasValue(1);
    }

    @Test
    void aReportAnotherThreadIsSendingIsNotSentAgain() throws Exception {
        outbox.unconfirmed.put("r-1", "{\"id\":\"r-1\"}");
        outbox.sending.add("r-1");

        template.sendBody("direct:sweep", null);

        assertThat(getMockEndpoint("mock:queue").getReceivedCounter()).isZero();
        assertThat(outbox.published).isEmpty();
    }

    @Test
    void theConfirmationTimerFlushesTheOutbox() {
        template.sendBody("direct:confirmations", null);

        assertThat(outbox.flushes).hasValue(1);
    }
}
