package it.pis.gateway.it;

import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;
import static it.pis.gateway.it.Hl7Fixtures.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/prometheus} after real traffic, scraped as Prometheus would with a
 * client-credentials token (role METRICS) from the test authorization server; and the same
 * figures on the admin's partner page.
 */
class MetricsTest extends GatewayIntegrationTest {

    @Test
    void messagesInJournalCommitsBacklogAndCertificatesAppearWithTheirTags() throws Exception {
        String id = uniqueId();
        assertThat(new Terser(sendWithHapi(adtA04(id, "Metrica", "Uno", null), LATIN1)).get("/MSA-1")).isEqualTo("AA");
        assertThat(new Terser(sendWithHapi(adtA04(id, "Metrica", "Uno", null), LATIN1)).get("/MSA-1")).isEqualTo("AA");
        String unknown = adtA04(uniqueId(), "Metrica", "Due", null).replace("|OSPSANCARLO|", "|NESSUNO|");
        assertThat(new Terser(sendWithHapi(unknown, LATIN1)).get("/MSA-1")).isEqualTo("AR");

        String text = scrape();
        assertThat(text).containsPattern("pis_messages_in_total\\{application=\"pis-gateway\",cause=\"none\",channel="
                + "\"hl7v2-mllp\",outcome=\"accepted\",partner=\"ospedale-san-carlo\"} [1-9]");
        assertThat(text).containsPattern("pis_messages_in_total\\{[^}]*outcome=\"duplicate\",partner=\"ospedale-san-carlo\"} [1-9]");
        assertThat(text).containsPattern("pis_messages_in_total\\{application=\"pis-gateway\",cause=\"UNKNOWN_PARTNER\","
                + "channel=\"hl7v2-mllp\",outcome=\"rejected\",partner=\"unknown\"} [1-9]");
        assertThat(text).containsPattern("pis_journal_commit_seconds_count\\{application=\"pis-gateway\"} [1-9]");
        assertThat(text).contains("pis_journal_commit_seconds_bucket{");
        assertThat(text).containsPattern("pis_deliveries_queued\\{application=\"pis-gateway\",partner=\"cav-milano\"} \\d");
        assertThat(text).containsPattern("pis_deliveries_oldest_age_seconds\\{application=\"pis-gateway\",partner=\"cav-milano\"} ");
        assertThat(text).containsPattern("pis_certificate_expiry_days\\{application=\"pis-gateway\",certificate=\"gateway.crt\","
                + "partner=\"pis-gateway\",use=\"gateway\"} \\d{2,}");
        assertThat(text).containsPattern("pis_certificate_expiry_days\\{application=\"pis-gateway\",certificate=\"cav-milano.crt\","
                + "partner=\"cav-milano\",use=\"inbound\"} \\d");
        assertThat(text).containsPattern("pis_certificate_expiry_days\\{[^}]*certificate=\"cav-milano.crt\",partner=\"cav-milano\",use=\"outbound\"}");
    }

    @Test
    void onlyAScraperTokenOrAnAdminReadsTheMetrics() throws Exception {
        assertThat(anonymous(HttpRequest.newBuilder(staffUri("/actuator/prometheus"))).statusCode()).isEqualTo(401);
        HttpResponse<String> operator = anonymous(HttpRequest.newBuilder(staffUri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + AUTHORIZATION_SERVER.token("it-operator")));
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(operator.body()).contains("it needs the role ADMIN or METRICS");
        HttpResponse<String> metricsOnly = anonymous(HttpRequest.newBuilder(staffUri("/api/reports"))
                .header("Authorization", "Bearer " + AUTHORIZATION_SERVER.token("it-metrics")));
        assertThat(metricsOnly.statusCode()).isEqualTo(403);
        assertThat(as("metriche.admin", EnumSet.of(StaffRole.ADMIN)).get("/actuator/prometheus").statusCode()).isEqualTo(200);
    }

    @Test
    void thePartnerPageShowsTheSameFigures() throws Exception {
        assertThat(new Terser(sendWithHapi(adtA04(uniqueId(), "Pagina", "Partner", null), LATIN1)).get("/MSA-1")).isEqualTo("AA");
        HttpResponse<String> partners = as("partner.admin", EnumSet.of(StaffRole.ADMIN)).get("/api/admin/partners");
        assertThat(partners.statusCode()).isEqualTo(200);
        assertThat(partners.body()).containsPattern("\"id\":\"ospedale-san-carlo\",[^{]*\"inbound\":\\[\"hl7v2-mllp\"\\],"
                + "\"outbound\":\"hl7v2-mllp\",\"messagesIn\":\\{[^}]*\"accepted\":[1-9]");
        assertThat(partners.body()).containsPattern("\"id\":\"cav-milano\".*?\"certificates\":\\[\\{\"file\":\"cav-milano.crt\","
                + "\"use\":\"inbound\",\"notAfter\":\"[^\"]+\",\"daysToExpiry\":\\d+");
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = anonymous(HttpRequest.newBuilder(staffUri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + AUTHORIZATION_SERVER.token("it-metrics")));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
