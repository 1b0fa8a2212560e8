package it.pis.gateway.it;

import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The auditor's console page over HTTP: searching the trail a page at a time, and checking its chain. */
class AuditConsoleTest extends GatewayIntegrationTest {

    private static final Pattern ROW = Pattern.compile("data-seq=\"(\\d+)\"");

    @Autowired
    JdbcTemplate jdbc;

    private StaffSession auditor() throws Exception {
        return as("console.auditor", EnumSet.of(StaffRole.AUDITOR));
    }

    @Test
    void anAuditorFindsAReloadByActorActionAndTimeAndTheSearchIsRecorded() throws Exception {
        String from = LocalDateTime.now(ZoneId.of("Europe/Rome")).minusMinutes(5).truncatedTo(ChronoUnit.SECONDS).toString();
        StaffSession reloader = as("console.audit.admin", EnumSet.of(StaffRole.ADMIN));
        assertThat(AdminConsoleTest.form(reloader, "/console/admin/agreements/reload", Map.of()).statusCode()).isEqualTo(200);

        HttpResponse<String> found = auditor().get("/console/audit?actor=console.audit.admin&action=AGREEMENTS_RELOAD&from="
                + from + "&target=");

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("<table id=\"audit\">", "<caption>", "data-action=\"AGREEMENTS_RELOAD\"",
                "console.audit.admin", "in force", "<label for=\"actor\">");
        assertThat(found.body()).doesNotContain("data-action=\"LOGIN\"");
        assertThat(get("/api/audit?actor=console.auditor&action=AUDIT_SEARCH").body())
                .contains("actor=console.audit.admin action=AGREEMENTS_RELOAD");
    }

    @Test
    void theTrailIsReadAPageAtATimeNewestFirst() throws Exception {
        for (int i = 0; i < 51; i++) {
            auditor().get("/console/audit?actor=nessuno");
        }
        String first = auditor().get("/console/audit?action=AUDIT_SEARCH").body();
        List<Long> firstRows = rows(first);
        assertThat(firstRows).hasSize(50).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        Matcher older = Pattern.compile("id=\"audit-older\"\\s+href=\"([^\"]+)\"").matcher(first);
        assertThat(older.find()).as("link to the older rows").isTrue();

        String second = auditor().get(older.group(1).replace("&amp;", "&")).body();

        assertThat(rows(second)).isNotEmpty().allSatisfy(seq -> assertThat(seq).isLessThan(firstRows.get(49)));
        assertThat(second).contains("id=\"audit-newest\"");
    }

    @Test
    void aTimeThatIsNotOneIsSaidOnThePage() throws Exception {
        HttpResponse<String> bad = auditor().get("/console/audit?from=ieri");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"audit-error\"", "Data o pagina non valida").doesNotContain("id=\"audit\"");
        assertThat(auditor().get("/console/audit?before=x").statusCode()).isEqualTo(400);
    }

    @Test
    void verifyShowsTheChainIntactOrItsFirstBrokenRow() throws Exception {
        HttpResponse<String> intact = AdminConsoleTest.form(auditor(), "/console/audit/verify", Map.of());
        assertThat(intact.statusCode()).isEqualTo(200);
        assertThat(intact.body()).contains("id=\"audit-verify\"", "data-intact=\"true\"", "Catena integra");

        long seq = jdbc.queryForObject("SELECT MAX(seq) FROM audit_event WHERE action = 'AUDIT_VERIFY'", Long.class);
        String actor = jdbc.queryForObject("SELECT actor FROM audit_event WHERE seq = ?", String.class, seq);
        jdbc.update("UPDATE audit_event SET actor = 'qualcun-altro' WHERE seq = ?", seq);
        HttpResponse<String> broken;
        try {
            broken = AdminConsoleTest.form(auditor(), "/console/audit/verify", Map.of());
        } finally {
            jdbc.update("UPDATE audit_event SET actor = ? WHERE seq = ?", actor, seq);
        }

        assertThat(broken.statusCode()).isEqualTo(409);
        assertThat(broken.body()).contains("data-intact=\"false\"", "data-broken-at=\"" + seq + "\"",
                "row " + seq + " was changed after it was written");
        assertThat(AdminConsoleTest.form(auditor(), "/console/audit/verify", Map.of()).body()).contains("data-intact=\"true\"");
    }

    @Test
    void anAdminIsRefusedTheAuditorsPage() throws Exception {
        StaffSession admin = as("console.admin", EnumSet.of(StaffRole.ADMIN));
        HttpResponse<String> refused = admin.send(admin.request("/console/audit").header("Accept", "text/html").GET());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Accesso negato");
    }

    private static List<Long> rows(String page) {
        List<Long> rows = new ArrayList<>();
        Matcher m = ROW.matcher(page);
        while (m.find()) {
            rows.add(Long.parseLong(m.group(1)));
        }
        return rows;
    }
}
