package it.pis.gateway.it;

import it.pis.gateway.Corpus;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FHIR part of the test corpus ({@link Corpus}) through the FHIR channel, each file posted as csm-milano-nord (mutual TLS
 * and a valid ModI signature) to the endpoint its type belongs to: never a 5xx, and a refusal is
 * always an OperationOutcome. Official R4 examples may be accepted or refused (most are types or
 * senders csm-milano-nord's agreement does not take); validator cases with expected errors and
 * HAPI's known-invalid files must be refused with a 4xx.
 */
class FhirCorpusTest extends GatewayIntegrationTest {

    private static final Pattern BUNDLE_TYPE = Pattern.compile(
            "(\"type\"\\s*:\\s*\"|<type\\s+value=\")(message|transaction|batch)\"");

    static Stream<Path> r4Examples() throws IOException {
        return files(Corpus.path("fhir/r4-examples"));
    }

    /**
     * validator-r4 files with their expected error count from INDEX.tsv (the smallest when a file is
     * listed more than once with different counts, e.g. bad-markdown.json with 0 and 1; null when
     * the index gives none), for the files that are in the folder.
     */
    static Stream<Object[]> validatorCases() throws IOException {
        Path folder = Corpus.path("fhir/validator-r4");
        Map<String, Integer> expected = new HashMap<>();
        List<String> rows = Files.readAllLines(folder.resolve("INDEX.tsv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split("\t");
            Integer count = cells.length > 2 && cells[2].matches("\\d+") ? Integer.valueOf(cells[2]) : null;
            expected.merge(cells[0], count == null ? Integer.MAX_VALUE : count, Math::min);
        }
        return expected.entrySet().stream().filter(e -> Files.isRegularFile(folder.resolve(e.getKey())))
                .sorted(Entry.comparingByKey())
                .map(e -> new Object[] {e.getKey(), e.getValue() == Integer.MAX_VALUE ? null : e.getValue()});
    }

    static Stream<Path> hapiInvalid() throws IOException {
        return files(Corpus.path("fhir/hapi-invalid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("r4Examples")
    void officialExamplesAreAcceptedOrRefusedWithAnOperationOutcome(Path file) throws Exception {
        HttpResponse<String> response = send(file);
        assertThat(response.statusCode()).as(file + ": " + response.body()).isBetween(200, 499);
        if (response.statusCode() >= 400) {
            assertOperationOutcome(response);
        } else {
            assertThat(response.headers().firstValue("X-Report-Id")).isPresent();
        }
    }

    @ParameterizedTest(name = "{0} (expected errors: {1})")
    @MethodSource("validatorCases")
    void validatorCasesAreNever5xxAndThoseWithErrorsAreRefused(String name, Integer expectedErrors) throws Exception {
        HttpResponse<String> response = send(Corpus.path("fhir/validator-r4/" + name));
        if (expectedErrors == null || expectedErrors == 0) {
            assertThat(response.statusCode()).as(name + ": " + response.body()).isBetween(200, 499);
        } else {
            assertThat(response.statusCode()).as(name + ": " + response.body()).isBetween(400, 499);
        }
        if (response.statusCode() >= 400) {
            assertOperationOutcome(response);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hapiInvalid")
    void hapiInvalidFilesAreRefusedWith4xx(Path file) throws Exception {
        HttpResponse<String> response = send(file);
        assertThat(response.statusCode()).as(file + ": " + response.body()).isBetween(400, 499);
        assertOperationOutcome(response);
    }

    /** Posts the file where its type goes: a message to $process-message, a transaction or batch to the base. */
    private static HttpResponse<String> send(Path file) throws Exception {
        byte[] body = Files.readAllBytes(file);
        String text = new String(body, StandardCharsets.UTF_8);
        boolean xml = file.toString().endsWith(".xml");
        String type = resourceType(text, xml);
        String path = "/" + type;
        if (type.equals("Bundle")) {
            Matcher bundleType = BUNDLE_TYPE.matcher(text);
            if (bundleType.find()) {
                path = bundleType.group(2).equals("message") ? "/$process-message" : "";
            }
        }
        String contentType = xml ? "application/fhir+xml" : "application/fhir+json";
        FhirPartner csm = FhirPartner.of(CERTS, PARTNER_PORT, FhirFixtures.CSM);
        Map<String, String> headers = new HashMap<>(csm.modiHeaders(body, contentType, c -> { }));
        headers.put("Idempotency-Key", UUID.randomUUID().toString());
        headers.put("Accept", "application/fhir+json");
        return csm.http.post("/fhir" + path, contentType, body, headers);
    }

    private static String resourceType(String text, boolean xml) {
        Matcher m = (xml ? Pattern.compile("<([A-Z][A-Za-z]+)[\\s>]") : Pattern.compile("\"resourceType\"\\s*:\\s*\"([A-Za-z]+)\""))
                .matcher(text);
        return m.find() ? m.group(1) : "Communication";
    }

    private static void assertOperationOutcome(HttpResponse<String> response) {
        OperationOutcome outcome = FhirPartner.CLIENT_FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).isNotBlank();
    }

    private static Stream<Path> files(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".xml")).sorted().toList().stream();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
