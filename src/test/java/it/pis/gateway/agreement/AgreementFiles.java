package it.pis.gateway.agreement;

import it.pis.gateway.inbound.fhir.FhirPathSyntax;
import it.pis.gateway.inbound.hl7v2.Hl7PathSyntax;
import it.pis.gateway.inbound.json.JsonPointerSyntax;
import it.pis.gateway.inbound.soap.SoapPathSyntax;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Agreement folders for tests: the demo folder, and files written from the demo agreements with one edit. */
public final class AgreementFiles {

    /** The demo agreements shipped with the project (tests run with the project folder as working directory). */
    public static final Path DEMO = Path.of("protocols");
    public static final String SAN_CARLO = "ospedale-san-carlo";

    private AgreementFiles() {
    }

    /** A loader with the path syntaxes the application registers. */
    public static AgreementLoader loader() {
        return new AgreementLoader(List.of(new Hl7PathSyntax(), new FhirPathSyntax(), new JsonPointerSyntax(),
                new SoapPathSyntax()));
    }

    /** The text of a demo agreement, e.g. {@code demo("ospedale-san-carlo")}. */
    public static String demo(String id) {
        try {
            return Files.readString(DEMO.resolve(id + ".yaml"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code text} with {@code from} replaced; fails when {@code from} is not there, so an edit is never silently lost. */
    public static String replacing(String text, String from, String to) {
        assertThat(text).as("text to edit").contains(from);
        return text.replace(from, to);
    }

    /** Writes {@code <name>.yaml} into {@code folder} and returns its path. */
    public static Path write(Path folder, String name, String yaml) {
        try {
            return Files.writeString(folder.resolve(name + ".yaml"), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
