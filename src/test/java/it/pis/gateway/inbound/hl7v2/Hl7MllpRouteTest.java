package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.mllp.MllpFrame;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.InboundRejection;
import it.pis.gateway.it.Hl7Fixtures;
import it.pis.gateway.routes.JournalStandIn;
import it.pis.gateway.routes.YamlRouteTestSupport;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/hl7v2-mllp-in.yaml on its own: both listeners (netty replaced by direct endpoints) hand each
 * MLLP block to one route that identifies, maps, journals, then answers AA, and ends there (the relay,
 * routes/reports-out.yaml, publishes the report from the journal's outbox); any refusal is journaled
 * and answered AR/AE with its cause. The intake and the ACKs are the real ones over the demo
 * agreements; the journal (it needs the database) is a stand-in.
 */
class Hl7MllpRouteTest extends YamlRouteTestSupport {

    static final Hl7Intake INTAKE = new Hl7Intake(new AgreementRegistry(AgreementFiles.loader(), AgreementFiles.DEMO),
            null, StandardCharsets.ISO_8859_1);

    final List<String> steps = new CopyOnWriteArrayList<>();
    final JournalStandIn journal = new JournalStandIn("journal", steps);

    @Override
    protected List<String> routeFiles() {
        return List.of("hl7v2-mllp-in.yaml");
    }

    @Override
    protected Properties properties() {
        Properties properties = new Properties();
        properties.put("pis.mllp.host", "127.0.0.1");
        properties.put("pis.mllp.port", "2575");
        properties.put("pis.mllps.port", "2576");
        return properties;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("hl7Intake", INTAKE);
        registry.bind("hl7Acks", new Hl7Acknowledgements("PIS-GATEWAY", "PIS", ZoneId.of("Europe/Rome")));
        registry.bind("inboundJournal", journal);
    }

    @BeforeEach
    void adviseAndStart() throws Exception {
        AdviceWith.adviceWith(context, "hl7v2-mllp-listener", route -> route.replaceFromWith("direct:mllp"));
        AdviceWith.adviceWith(context, "hl7v2-mllps-listener", route -> route.replaceFromWith("direct:mllps"));
        startRoutes();
    }

    Terser send(String listener, String er7) throws Exception {
        byte[] bytes = er7.getBytes(StandardCharsets.ISO_8859_1);
        byte[] ack = template.requestBody(listener, new MllpFrame(bytes, false, bytes.length), byte[].class);
        return new Terser(PipeParser.getInstanceWithNoValidation().parse(new String(ack, StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aMessageIsJournaledThenAnsweredAa() throws Exception {
        Terser ack = send("direct:mllp", Hl7Fixtures.adtA04("RT0001", "Rossi", "Mario", null));

        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        assertThat(ack.get("/MSA-2")).isEqualTo("RT0001");
        assertThat(journal.accepted).hasSize(1);
        InboundMessage stored = journal.accepted.get(0);
        assertThat(ack.get("/MSA-3")).isEqualTo("report " + stored.reportId());
        assertThat(stored.report().person().familyName()).isEqualTo("Rossi");
        assertThat(steps).containsExactly("journal.accept");
    }

    @Test
    void theTlsListenerHandsOverToTheSameRoute() throws Exception {
        assertThat(send("direct:mllps", Hl7Fixtures.adtA04("RT0002", "Bianchi", "Anna", null)).get("/MSA-1"))
                .isEqualTo("AA");
        assertThat(journal.accepted).hasSize(1);
    }

    @Test
    void aRefusalIsJournaledAndAnsweredArWithItsCauseAndNeverReachesTheJournalsAccept() throws Exception {
        Terser ack = send("direct:mllp", Hl7Fixtures.adtA04("RT0003", "Rossi", "Mario", null)
                .replace("|OSPSANCARLO|", "|OSPIGNOTO|"));

        assertThat(ack.get("/MSA-1")).isEqualTo("AR");
        assertThat(ack.get("/ERR-8")).startsWith("unknown partner").contains("'OSPIGNOTO'");
        assertThat(journal.rejected).singleElement().isInstanceOfSatisfying(InboundRejection.class,
                r -> assertThat(r.cause()).isEqualTo(InboundRejection.Cause.UNKNOWN_PARTNER));
        assertThat(steps).containsExactly("journal.reject");
        assertThat(journal.accepted).isEmpty();
    }

    @Test
    void aMappingFailureIsAnsweredAeAndNeverReachesTheJournalsAccept() throws Exception {
        Terser ack = send("direct:mllp", Hl7Fixtures.adtA04("RT0004", "Rossi", "Mario", null)
                .replace("||19851210|", "||19851345|"));

        assertThat(ack.get("/MSA-1")).isEqualTo("AE");
        assertThat(ack.get("/ERR-8")).startsWith("mapping failed on field person.birthDate (PID-7)");
        assertThat(steps).containsExactly("journal.reject");
    }

    @Test
    void whenTheJournalIsDownTheAnswerIsAeResend() throws Exception {
        journal.down = true;

        Terser ack = send("direct:mllp", Hl7Fixtures.adtA04("RT0005", "Rossi", "Mario", null));

        assertThat(ack.get("/MSA-1")).isEqualTo("AE");
        assertThat(ack.get("/ERR-8")).contains("NOT stored, please resend");
        assertThat(steps).containsExactly("journal.accept", "journal.reject");
        assertThat(journal.accepted).isEmpty();
    }
}
