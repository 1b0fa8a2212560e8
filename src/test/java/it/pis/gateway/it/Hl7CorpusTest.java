package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of the corpus's hl7v2 folder ({@link Corpus}: real, odd and malformed messages written by others: batches,
 * XML with XXE, broken MSH-2, 85 KB payloads, v2.1 to v2.7) sent with HAPI's MLLP framing as one
 * block: each gets an ACK, none crashes the listener, and a normal message still goes through.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Hl7CorpusTest extends GatewayIntegrationTest {

    @TestFactory
    Stream<DynamicTest> everyCorpusFileGetsAnAnswer() throws IOException {
        Path corpus = Corpus.path("hl7v2");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).as("corpus at " + corpus.toAbsolutePath()).hasSizeGreaterThan(40);
        return files.stream().map(file -> DynamicTest.dynamicTest(corpus.relativize(file).toString(), () -> {
            String ack = sendWithHapiFraming(asSentOnTheWire(Files.readAllBytes(file)), LATIN1);
            Terser t = terser(ack);
            assertThat(t.get("/MSA-1")).isIn("AA", "AR", "AE");
            assertThat(t.get("/MSA-3")).isNotBlank();
        }));
    }

    /** The same files as if the demo hospital had sent them: now they reach parsing and mapping. */
    @TestFactory
    Stream<DynamicTest> everyCorpusMessageFromTheDemoHospitalGetsAnAnswer() throws IOException {
        Path corpus = Corpus.path("hl7v2");
        try (Stream<Path> walk = Files.walk(corpus)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            return files.stream().map(file -> DynamicTest.dynamicTest(corpus.relativize(file).toString(), () -> {
                byte[] message = fromDemoHospital(asSentOnTheWire(Files.readAllBytes(file)));
                Terser t = terser(sendWithHapiFraming(message, LATIN1));
                assertThat(t.get("/MSA-1")).isIn("AA", "AR", "AE");
                assertThat(t.get("/MSA-3")).isNotBlank();
            }));
        }
    }

    @Test
    void xmlEncodedMessageWithAnExternalEntityIsRefusedUnread() throws Exception {
        byte[] xxe = Files.readAllBytes(Corpus.path("hl7v2/hapi-hl7v2/xml-with-xxe.xml"));
        Terser t = terser(sendWithHapiFraming(xxe, LATIN1));
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-3")).startsWith("unparseable").doesNotContain("root:");
    }

    @Test
    void italianAdtA03FromTheCorpusMapsItsCodiceFiscale() throws Exception {
        String corpus = Files.readString(Corpus.path("hl7v2/hapi-hl7v2/adt_a03.txt"), LATIN1);
        String id = uniqueId();
        String er7 = corpus.replace("|IRIS|SANTER|", "|IRIS|OSPSANCARLO|").replace("|263206|", "|" + id + "|");
        Terser ack = terser(sendWithHapiFraming(asSentOnTheWire(er7.getBytes(LATIN1)), LATIN1));

        assertThat(ack.get("/MSA-1")).isEqualTo("AA");
        String report = get("/api/reports/" + ack.get("/MSA-3").replace("report ", "")).body();
        // ZZZZZZ83M64Z148R is a placeholder whose check character is wrong: kept and flagged
        assertThat(report).contains("\"value\":\"ZZZZZZ83M64Z148R\"", "\"valid\":false", "\"birthDate\":\"1983-08-24\"",
                "\"sex\":\"F\"", "\"messageType\":\"ADT^A03\"");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void theListenerStillAnswersAfterTheWholeCorpus() throws Exception {
        String id = uniqueId();
        assertThat(terser(sendRaw(LATIN1, adtA04(id, "Ancora", "Qui", null).getBytes(LATIN1)).get(0)).get("/MSA-1"))
                .isEqualTo("AA");
    }

    /** Puts OSPSANCARLO in MSH-4 and a fresh MSH-10, whatever the field separator. */
    private static byte[] fromDemoHospital(byte[] message) {
        String text = new String(message, LATIN1);
        if (!text.startsWith("MSH") || text.length() < 4) {
            return message;
        }
        String separator = String.valueOf(text.charAt(3));
        int end = text.indexOf('\r') < 0 ? text.length() : text.indexOf('\r');
        String[] msh = text.substring(0, end).split(java.util.regex.Pattern.quote(separator), -1);
        if (msh.length > 9) {
            msh[3] = "OSPSANCARLO";
            msh[9] = uniqueId();
        }
        return (String.join(separator, msh) + text.substring(end)).getBytes(LATIN1);
    }

    /** MLLP senders end segments with CR; the corpus keeps the LF or CRLF its sources had. */
    private static byte[] asSentOnTheWire(byte[] file) {
        String text = new String(file, LATIN1).replace("\r\n", "\r").replace('\n', '\r').strip();
        return text.getBytes(LATIN1);
    }
}
