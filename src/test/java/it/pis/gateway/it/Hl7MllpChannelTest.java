package it.pis.gateway.it;

import it.pis.gateway.journal.OpenedJournalRows;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.msh;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/** The hospital path end to end: MLLP in, journal, ACK, Report to staff (API and queue). */
class Hl7MllpChannelTest extends GatewayIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    it.pis.gateway.journal.JournalCipher journalCipher;
    @Autowired
    JmsTemplate jms;

    @Test
    void acceptedMessageIsJournaledAcknowledgedAndHandedToStaff() throws Exception {
        String id = uniqueId();
        Message ack = sendWithHapi(adtA04(id, "Rossi", "Mario", null), LATIN1);
        Terser t = new Terser(ack);

        assertThat(t.get("/MSA-1")).isEqualTo("AA");
        assertThat(t.get("/MSA-2")).isEqualTo(id);
        String reportId = t.get("/MSA-3").replace("report ", "");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbound_message WHERE external_id = ? AND outcome = 'ACCEPTED'",
                Integer.class, id)).isEqualTo(1);

        String report = get("/api/reports/" + reportId).body();
        assertThat(report)
                .contains("\"familyName\":\"Rossi\"", "\"givenName\":\"Mario\"", "\"birthDate\":\"1985-12-10\"",
                        "\"sex\":\"M\"", "\"urgency\":\"EMERGENCY\"", "\"sourceType\":\"3\"", "\"status\":\"NEW\"",
                        "\"partnerId\":\"ospedale-san-carlo\"", "\"externalId\":\"" + id + "\"",
                        "\"type\":\"CF\",\"value\":\"RSSMRA85T10A562S\",\"valid\":true")
                // not in the message, so not in the report
                .doesNotContain("\"location\"", "\"contact\"", "\"narrative\"", "\"consent\"", "\"targetGroups\"");

        jms.setReceiveTimeout(15_000);
        Object queued = jms.receiveSelectedAndConvert("pis.reports", "reportId = '" + reportId + "'");
        assertThat(queued).asString().contains("\"id\":\"" + reportId + "\"", "\"familyName\":\"Rossi\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.3.1", "2.4", "2.5", "2.5.1"})
    void everySupportedVersionIsMappedTheSameWay(String version) throws Exception {
        String er7 = adtA04(uniqueId(), "Versione", version, null).replace("|P|2.5\r", "|P|" + version + "\r");
        Terser ack = new Terser(sendWithHapi(er7, LATIN1));

        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        assertThat(ack.get("/MSH-12")).isEqualTo(version);
        assertThat(get("/api/reports/" + ack.get("/MSA-3").replace("report ", "")).body())
                .contains("\"givenName\":\"" + version + "\"", "\"birthDate\":\"1985-12-10\"", "\"urgency\":\"EMERGENCY\"",
                        "\"value\":\"RSSMRA85T10A562S\"");
    }

    @Test
    void sameMessageAgainIsAcknowledgedAgainWithoutASecondReport() throws Exception {
        String id = uniqueId();
        Terser first = new Terser(sendWithHapi(adtA04(id, "Bianchi", "Luca", null), LATIN1));
        Terser second = new Terser(sendWithHapi(adtA04(id, "Bianchi", "Luca", null), LATIN1));

        assertThat(second.get("/MSA-1")).isEqualTo("AA");
        assertThat(second.get("/MSA-3")).contains("duplicate").contains(first.get("/MSA-3").replace("report ", ""));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE external_id = ?", Integer.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM inbound_message WHERE external_id = ?", Integer.class, id))
                .isEqualTo(2);
    }

    @Test
    void unknownSendingFacilityIsRejectedNamingIt() throws Exception {
        String er7 = adtA04(uniqueId(), "Verdi", "Anna", null).replace("|OSPSANCARLO|", "|OSPEDALE-IGNOTO|");
        Terser ack = new Terser(sendWithHapi(er7, LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AR");
        assertThat(ack.get("/ERR-8")).contains("unknown partner", "'OSPEDALE-IGNOTO'");
        assertThat(ack.get("/ERR-3-1")).isEqualTo("204");
    }

    @Test
    void messageTypeOutsideTheAgreementIsRejectedNamingTheRule() throws Exception {
        String er7 = msh("OSPSANCARLO", "ORU^R01^ORU_R01", uniqueId(), "2.5", null) + "PID|1||1^^^X^MR||Neri^Ugo\r";
        Terser ack = new Terser(sendWithHapi(er7, LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AR");
        assertThat(ack.get("/MSA-3")).isEqualTo("agreement ospedale-san-carlo does not accept ORU^R01 (inbound[0].accept)");
        assertThat(ack.get("/ERR-3-1")).isEqualTo("200");
    }

    @Test
    void fieldThatCannotBeMappedGivesAnApplicationErrorNamingTheField() throws Exception {
        String er7 = adtA04(uniqueId(), "Gialli", "Eva", null).replace("||19851210|", "||19851345|");
        Terser ack = new Terser(sendWithHapi(er7, LATIN1));
        assertThat(ack.get("/MSA-1")).isEqualTo("AE");
        assertThat(ack.get("/ERR-8")).startsWith("mapping failed on field person.birthDate (PID-7): '19851345'");
    }

    @Test
    void messageHapiCannotParseIsRejectedWithHapisReason() throws Exception {
        String er7 = adtA04(uniqueId(), "Versione", "Nove", null).replace("|P|2.5\r", "|P|9.9\r");
        Terser ack = terser(sendRaw(LATIN1, bytes(er7, LATIN1)).get(0));
        assertThat(ack.get("/MSA-1")).isEqualTo("AR");
        assertThat(ack.get("/ERR-8")).isEqualTo("unparseable ADT^A04: The HL7 version 9.9 is not recognized");
    }

    /** HL7 wants CR between segments; senders that use LF or CRLF are understood all the same. */
    @Test
    void lineFeedSegmentEndsAreAccepted() throws Exception {
        String lf = uniqueId(), crlf = uniqueId();
        List<String> acks = sendRaw(LATIN1, bytes(adtA04(lf, "Acapo", "Unix", null).replace("\r", "\n"), LATIN1),
                bytes(adtA04(crlf, "Acapo", "Windows", null).replace("\r", "\r\n"), LATIN1));
        assertThat(terser(acks.get(0)).get("/MSA-1")).isEqualTo("AA");
        assertThat(terser(acks.get(1)).get("/MSA-1")).isEqualTo("AA");
        assertThat(OpenedJournalRows.body(jdbc, journalCipher, "external_id = ?", lf))
                .contains("\"givenName\":\"Unix\"", "\"urgency\":\"EMERGENCY\"");
    }

    @Test
    void refusalsAreJournaledWithTheirCause() throws Exception {
        String id = uniqueId();
        sendWithHapi(adtA04(id, "Blu", "Ada", null).replace("|OSPSANCARLO|", "|NESSUNO|"), LATIN1);
        assertThat(jdbc.queryForObject("SELECT cause FROM inbound_message WHERE external_id = ?", String.class, id))
                .isEqualTo("UNKNOWN_PARTNER");
    }

    @Test
    void emptyControlIdAndGarbageGetARejectionNotSilence() throws Exception {
        byte[] noControlId = bytes(adtA04("", "Rosa", "Ida", null), LATIN1);
        byte[] garbage = "this is not HL7 at all".getBytes(StandardCharsets.US_ASCII);
        List<String> acks = sendRaw(LATIN1, noControlId, garbage);

        assertThat(terser(acks.get(0)).get("/MSA-1")).isEqualTo("AR");
        assertThat(terser(acks.get(0)).get("/MSA-3")).contains("MSH-10");
        assertThat(terser(acks.get(1)).get("/MSA-1")).isEqualTo("AR");
        assertThat(terser(acks.get(1)).get("/MSA-3")).startsWith("unparseable");
    }

    @Test
    void oversizedMessageIsRefusedAndTheConnectionGoesOn() throws Exception {
        String id = uniqueId();
        String huge = adtA04(id, "Grande", "Max", null) + "NTE|1||" + "x".repeat(MAX_MESSAGE_BYTES + 10) + "\r";
        String next = uniqueId();
        List<String> acks = sendRaw(LATIN1, bytes(huge, LATIN1), bytes(adtA04(next, "Piccolo", "Leo", null), LATIN1));

        assertThat(terser(acks.get(0)).get("/MSA-1")).isEqualTo("AR");
        assertThat(terser(acks.get(0)).get("/MSA-2")).isEqualTo(id);
        assertThat(terser(acks.get(0)).get("/MSA-3")).contains("exceeds");
        assertThat(terser(acks.get(1)).get("/MSA-1")).isEqualTo("AA");
        assertThat(terser(acks.get(1)).get("/MSA-2")).isEqualTo(next);
    }

    /** camel-mllp up to 4.22.0 drops all but the first of these (CAMEL-24668). */
    @Test
    void pipelinedMessagesInOneWriteAreAllProcessedAndAcknowledgedInOrder() throws Exception {
        String[] ids = {uniqueId(), uniqueId(), uniqueId(), uniqueId(), uniqueId()};
        byte[][] messages = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            String er7 = adtA04(ids[i], "Pipe" + i, "Line", null);
            messages[i] = bytes(i == 2 ? er7.replace("|OSPSANCARLO|", "|IGNOTO|") : er7, LATIN1);
        }
        List<String> acks = sendRaw(LATIN1, messages);

        assertThat(acks).hasSize(5);
        for (int i = 0; i < ids.length; i++) {
            assertThat(terser(acks.get(i)).get("/MSA-2")).isEqualTo(ids[i]);
            assertThat(terser(acks.get(i)).get("/MSA-1")).isEqualTo(i == 2 ? "AR" : "AA");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE external_id IN (?, ?, ?, ?, ?)", Integer.class,
                (Object[]) ids)).isEqualTo(4);
    }

    @Test
    void halfAMessageThenAHangUpDoesNotHurtTheListener() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", MLLP_PORT)) {
            socket.getOutputStream().write(new byte[]{0x0B, 'M', 'S', 'H', '|'});
        }
        String id = uniqueId();
        assertThat(new Terser(sendWithHapi(adtA04(id, "Dopo", "Tutto", null), LATIN1)).get("/MSA-1")).isEqualTo("AA");
    }
}
