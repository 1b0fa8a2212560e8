package it.pis.gateway.inbound.hl7v2;

import it.pis.gateway.mllp.MllpFrame;
import it.pis.gateway.Corpus;
import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.AgreementRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HL7 v2 test messages built from the shared corpus ({@link Corpus}, read-only): a message
 * is a list of ER7 segments that a test edits field by field, then encodes in a charset. Also the
 * intake that reads them with the demo agreements.
 */
final class Hl7Messages {

    /** Every Italian accented vowel the charsets must carry. */
    static final String ACCENTED_FAMILY_NAME = "Mazzà Cantù Nicolò Ferrè Perché Dì";

    /** The HL7 intake over the demo agreements; HAPI's context is costly to build, so one serves every test. */
    static final Hl7Intake INTAKE = new Hl7Intake(
            new AgreementRegistry(AgreementFiles.loader(), AgreementFiles.DEMO), null, StandardCharsets.ISO_8859_1);

    private final List<String> segments;

    private Hl7Messages(List<String> segments) {
        this.segments = new ArrayList<>(segments);
    }

    /** HAPI's ADT^A03 sample from the corpus, as it is (MSH-4 SANTER, PID-3 with PK, CF and SSN repetitions). */
    static Hl7Messages corpusAdtA03() {
        Path file = Corpus.path("hl7v2/hapi-hl7v2/adt_a03.txt");
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            return new Hl7Messages(Arrays.stream(text.split("\r\n|\r|\n")).filter(s -> !s.isBlank()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("corpus message missing: " + file.toAbsolutePath(), e);
        }
    }

    /** The corpus ADT^A03 as sent by Ospedale San Carlo (MSH-4 OSPSANCARLO, the demo agreement's identity). */
    static Hl7Messages sanCarloAdtA03() {
        return corpusAdtA03().with("MSH", 4, "OSPSANCARLO");
    }

    /** Sets field {@code number} of the first segment {@code name} (MSH counted as HL7 does: MSH-1 is the separator). */
    Hl7Messages with(String name, int number, String value) {
        int index = indexOf(name);
        List<String> fields = new ArrayList<>(Arrays.asList(segments.get(index).split("\\|", -1)));
        int position = name.equals("MSH") ? number - 1 : number;
        while (fields.size() <= position) {
            fields.add("");
        }
        fields.set(position, value);
        segments.set(index, String.join("|", fields));
        return this;
    }

    /** Inserts {@code segment} right after the first segment {@code name}, where the message structure expects it. */
    Hl7Messages withSegmentAfter(String name, String segment) {
        segments.add(indexOf(name) + 1, segment);
        return this;
    }

    String text() {
        return String.join("\r", segments) + "\r";
    }

    byte[] bytes(Charset charset) {
        return text().getBytes(charset);
    }

    MllpFrame frame(Charset charset) {
        return frame(bytes(charset));
    }

    static MllpFrame frame(byte[] bytes) {
        return new MllpFrame(bytes, false, bytes.length);
    }

    private int indexOf(String name) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).equals(name) || segments.get(i).startsWith(name + "|")) {
                return i;
            }
        }
        throw new AssertionError("no " + name + " segment in the test message: " + segments);
    }
}
