package it.pis.gateway.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report committed but never confirmed on the queue (the gateway died between commit and send,
 * or the broker was down) is sent by the sweep and then leaves the outbox.
 */
class ReportOutboxTest extends GatewayIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JmsTemplate jms;

    @Test
    void unconfirmedReportIsResentBySweep() throws InterruptedException {
        String id = UUID.randomUUID().toString();
        String body = "{\"id\":\"" + id + "\",\"status\":\"NEW\",\"narrative\":\"left behind by a crash\"}";
        Timestamp aMinuteAgo = Timestamp.from(Instant.now().minusSeconds(60));
        jdbc.update("INSERT INTO report (id, partner_id, external_id, received_at, status, body) VALUES (?, ?, ?, ?, ?, ?)",
                id, "ospedale-san-carlo", "SWEEP-" + id, aMinuteAgo, "NEW", body);
        jdbc.update("INSERT INTO report_outbox (report_id, committed_at) VALUES (?, ?)", id, aMinuteAgo);

        jms.setReceiveTimeout(15_000);
        Object queued = jms.receiveSelectedAndConvert("pis.reports", "reportId = '" + id + "'");

        assertThat(queued).asString().contains("left behind by a crash");
        // confirmed right after the broker took the send, which may be a moment after we received it
        int waiting = 1;
        for (int i = 0; i < 50 && waiting > 0; i++) {
            waiting = jdbc.queryForObject("SELECT count(*) FROM report_outbox WHERE report_id = ?", Integer.class, id);
            Thread.sleep(100);
        }
        assertThat(waiting).isZero();
    }
}
