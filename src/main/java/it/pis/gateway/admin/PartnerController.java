package it.pis.gateway.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.metrics.CertificateExpiry;
import it.pis.gateway.metrics.DeliveryBacklog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/admin/partners}: per agreement, what came in and went out since start, what waits
 * to be delivered, and when its certificates expire — the same figures as {@code /actuator/prometheus}
 * (read from the same meters), for the console's partner page. No personal data.
 */
@RestController
class PartnerController {

    private final AgreementRegistry agreements;
    private final MeterRegistry meters;
    private final DeliveryBacklog backlog;
    private final CertificateExpiry certificates;
    private final Clock clock;

    PartnerController(AgreementRegistry agreements, MeterRegistry meters, DeliveryBacklog backlog,
                      CertificateExpiry certificates, Clock clock) {
        this.agreements = agreements;
        this.meters = meters;
        this.backlog = backlog;
        this.certificates = certificates;
        this.clock = clock;
    }

    @GetMapping("/api/admin/partners")
    List<Map<String, Object>> partners() {
        Map<String, DeliveryBacklog.Waiting> waiting = backlog.current();
        var certs = certificates.current().values();
        return agreements.current().all().stream().sorted(java.util.Comparator.comparing(Agreement::id)).map(a -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", a.id());
            p.put("kind", a.kind());
            p.put("name", a.name());
            p.put("inbound", a.inbound().stream().map(InboundChannel::channel).toList());
            p.put("outbound", a.outbound() == null ? null : a.outbound().channel());
            p.put("messagesIn", byOutcome("pis.messages.in", a.id()));
            p.put("messagesOut", byOutcome("pis.messages.out", a.id()));
            DeliveryBacklog.Waiting w = waiting.get(a.id());
            p.put("queued", w == null ? 0 : w.queued());
            p.put("oldestQueuedSeconds", w == null || w.oldest() == null ? 0
                    : Duration.between(w.oldest(), clock.instant()).toSeconds());
            p.put("certificates", certs.stream().filter(c -> c.partner().equals(a.id())).map(c -> {
                Map<String, Object> cert = new LinkedHashMap<>();
                cert.put("file", c.file());
                cert.put("use", c.use());
                cert.put("notAfter", c.notAfter());
                cert.put("daysToExpiry", c.notAfter() == null ? null
                        : Duration.between(clock.instant(), c.notAfter()).toDays());
                return cert;
            }).toList());
            return p;
        }).toList();
    }

    private Map<String, Double> byOutcome(String meter, String partner) {
        Map<String, Double> counts = new TreeMap<>();
        for (Counter c : meters.find(meter).tag("partner", partner).counters()) {
            counts.merge(c.getId().getTag("outcome"), c.count(), Double::sum);
        }
        return counts;
    }
}
