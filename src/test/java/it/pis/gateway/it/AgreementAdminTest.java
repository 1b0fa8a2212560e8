package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/** Reload swaps the whole agreement set, or keeps the old one and says why. */
class AgreementAdminTest extends GatewayIntegrationTest {

    @Test
    void listsTheAgreementsInForce() throws Exception {
        HttpResponse<String> list = get("/api/admin/agreements");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"id\":\"ospedale-san-carlo\"", "\"id\":\"cav-milano\"", "\"kind\":\"juvenile-court\"");
    }

    @Test
    void invalidFolderIsRefusedAndTheOldAgreementsStayInForce() throws Exception {
        Path hospital = AGREEMENTS.resolve("ospedale-san-carlo.yaml");
        String valid = Files.readString(hospital);
        Files.writeString(hospital, valid.replace("kind: hospital", "kind: hospitall"));
        try {
            HttpResponse<String> refused = post("/api/admin/agreements/reload", null);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("previous agreements stay in force", "ospedale-san-carlo.yaml", "kind");
            assertThat(new Terser(sendWithHapi(adtA04(uniqueId(), "Ancora", "Valido", null), LATIN1)).get("/MSA-1"))
                    .isEqualTo("AA");
        } finally {
            Files.writeString(hospital, valid);
        }
    }

    @Test
    void aNewPartnerFileIsLiveAfterReloadWithoutCode() throws Exception {
        String newHospital = Files.readString(AGREEMENTS.resolve("ospedale-san-carlo.yaml"))
                .replace("id: ospedale-san-carlo", "id: ospedale-niguarda")
                .replace("sendingFacility: OSPSANCARLO", "sendingFacility: NIGUARDA")
                .replace("certificate: ospedale-san-carlo.crt", "certificate: ospedale-niguarda.crt");
        Path file = AGREEMENTS.resolve("ospedale-niguarda.yaml");
        String er7 = adtA04(uniqueId(), "Nuovo", "Partner", null).replace("|OSPSANCARLO|", "|NIGUARDA|");
        assertThat(new Terser(sendWithHapi(er7, LATIN1)).get("/MSA-1")).isEqualTo("AR");

        long before = agreementFiles();
        Files.writeString(file, newHospital);
        try {
            assertThat(post("/api/admin/agreements/reload", null).body()).contains("\"loaded\":" + (before + 1));
            Terser ack = new Terser(sendWithHapi(er7, LATIN1));
            assertThat(ack.get("/MSA-1")).isEqualTo("AA");
            assertThat(get("/api/reports/" + ack.get("/MSA-3").replace("report ", "")).body())
                    .contains("\"partnerId\":\"ospedale-niguarda\"");
        } finally {
            Files.delete(file);
            assertThat(post("/api/admin/agreements/reload", null).body()).contains("\"loaded\":" + before);
        }
    }

    private static long agreementFiles() throws java.io.IOException {
        try (var files = Files.list(AGREEMENTS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).count();
        }
    }
}
