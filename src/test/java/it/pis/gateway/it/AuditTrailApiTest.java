package it.pis.gateway.it;

import it.pis.gateway.security.StaffRole;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail through the API: an auditor searches it by actor, action and time; the verify
 * endpoint says the chain is intact, names the row someone changed in the database behind the
 * gateway's back, and is intact again once the row is put back; reloads and user changes are in it.
 */
class AuditTrailApiTest extends GatewayIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void verifyNamesTheFirstBrokenLinkAfterARowIsChangedBehindTheGatewaysBack() throws Exception {
        get("/api/admin/agreements");
        HttpResponse<String> intact = get("/api/admin/audit/verify");
        assertThat(intact.statusCode()).isEqualTo(200);
        assertThat(intact.body()).contains("\"intact\":true");

        long seq = jdbc.queryForObject("SELECT MAX(seq) FROM audit_event WHERE action = 'AUDIT_VERIFY'", Long.class);
        String actor = jdbc.queryForObject("SELECT actor FROM audit_event WHERE seq = ?", String.class, seq);
        jdbc.update("UPDATE audit_event SET actor = 'qualcun-altro' WHERE seq = ?", seq);
        try {
            HttpResponse<String> broken = get("/api/admin/audit/verify");
            assertThat(broken.statusCode()).isEqualTo(409);
            assertThat(broken.body()).contains("\"intact\":false", "\"brokenAt\":" + seq,
                    "row " + seq + " was changed after it was written");
        } finally {
            jdbc.update("UPDATE audit_event SET actor = ? WHERE seq = ?", actor, seq);
        }
        assertThat(get("/api/admin/audit/verify").body()).contains("\"intact\":true");
        assertThat(get("/api/audit?action=AUDIT_VERIFY&limit=3").body()).contains("\"outcome\":\"FAILED\"",
                "broken at row " + seq);
    }

    @Test
    void anAuditorSearchesByActorActionAndTimeAndTheSearchIsItselfRecorded() throws Exception {
        Instant before = Instant.now();
        StaffSession reloader = as("audit.admin", EnumSet.of(StaffRole.ADMIN));
        assertThat(reloader.post("/api/admin/agreements/reload", null).statusCode()).isEqualTo(200);
        StaffSession auditor = as("audit.auditor", EnumSet.of(StaffRole.AUDITOR));

        HttpResponse<String> found = auditor.get("/api/audit?actor=audit.admin&action=AGREEMENTS_RELOAD&from=" + before
                + "&to=" + Instant.now().plusSeconds(5));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"actor\":\"audit.admin\"", "\"via\":\"form\"", "\"outcome\":\"OK\"", "in force",
                "\"prevHash\":\"", "\"hash\":\"");
        assertThat(auditor.get("/api/audit?actor=audit.admin&action=LOGIN").body()).contains("\"outcome\":\"OK\"");
        assertThat(auditor.get("/api/audit?action=USER_ADD&target=audit.auditor").body()).contains("roles AUDITOR");
        assertThat(auditor.get("/api/audit?action=AUDIT_SEARCH&actor=audit.auditor").body())
                .contains("actor=audit.admin action=AGREEMENTS_RELOAD");

        HttpResponse<String> bad = auditor.get("/api/audit?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("parameter 'from': 'yesterday' is not an ISO-8601 instant");
        assertThat(auditor.get("/api/audit?limit=5000").statusCode()).isEqualTo(400);
    }
}
