package it.pis.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.journal.MessageHistory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per agreement, what came in and went out since start, what waits to be delivered, and when its
 * certificates expire: read from the meters of {@code /actuator/prometheus} and the beans behind
 * its gauges, so that the API, the console and Prometheus never disagree. No personal data.
 */
public class PartnerFigures {

    /** Outcomes of {@code pis.messages.in} / {@code pis.messages.out} that are failures. */
    private static final Set<String> FAILED_IN = Set.of("rejected");
    private static final Set<String> FAILED_OUT = Set.of("refused", "failed", "dead");

    /** One partner's figures; counts by outcome, the oldest wait in seconds. */
    public record Partner(String id, String kind, String name, List<String> inbound, String outbound,
                          Map<String, Double> messagesIn, Map<String, Double> messagesOut, long queued,
                          long oldestQueuedSeconds, List<Certificate> certificates, Instant lastIn, Instant lastOut) {

        /** Messages refused from the partner plus deliveries to it that failed, were refused or died. */
        public long failures() {
            return sum(messagesIn, FAILED_IN) + sum(messagesOut, FAILED_OUT);
        }

        private static long sum(Map<String, Double> counts, Set<String> outcomes) {
            return Math.round(counts.entrySet().stream().filter(e -> outcomes.contains(e.getKey()))
                    .mapToDouble(Map.Entry::getValue).sum());
        }
    }

    /** A certificate in use; {@code notAfter} and {@code daysToExpiry} null when the file cannot be read. */
    public record Certificate(String file, String use, Instant notAfter, Long daysToExpiry) {
    }

    private final AgreementRegistry agreements;
    private final MeterRegistry meters;
    private final DeliveryBacklog backlog;
    private final CertificateExpiry certificates;
    private final MessageHistory history;
    private final Clock clock;

    public PartnerFigures(AgreementRegistry agreements, MeterRegistry meters, DeliveryBacklog backlog,
                          CertificateExpiry certificates, MessageHistory history, Clock clock) {
        this.agreements = agreements;
        this.meters = meters;
        this.backlog = backlog;
        this.certificates = certificates;
        this.history = history;
        this.clock = clock;
    }

    /** Every agreement in force, by id. */
    public List<Partner> current() {
        Instant now = clock.instant();
        Map<String, DeliveryBacklog.Waiting> waiting = backlog.current();
        var certs = certificates.current().values();
        Map<String, MessageHistory.LastTraffic> traffic = history.lastTraffic();
        return agreements.current().all().stream().sorted(Comparator.comparing(Agreement::id)).map(a -> {
            DeliveryBacklog.Waiting w = waiting.get(a.id());
            MessageHistory.LastTraffic last = traffic.getOrDefault(a.id(), new MessageHistory.LastTraffic(null, null));
            return new Partner(a.id(), a.kind(), a.name(), a.inbound().stream().map(InboundChannel::channel).toList(),
                    a.outbound() == null ? null : a.outbound().channel(),
                    byOutcome("pis.messages.in", a.id()), byOutcome("pis.messages.out", a.id()),
                    w == null ? 0 : w.queued(),
                    w == null || w.oldest() == null ? 0 : Duration.between(w.oldest(), now).toSeconds(),
                    certs.stream().filter(c -> c.partner().equals(a.id())).map(c -> certificate(c, now)).toList(),
                    last.lastIn(), last.lastOut());
        }).toList();
    }

    /** The gateway's own certificates: when they expire, every partner is cut off at once. */
    public List<Certificate> gatewayCertificates() {
        Instant now = clock.instant();
        return certificates.current().values().stream().filter(c -> c.use().equals("gateway"))
                .map(c -> certificate(c, now)).toList();
    }

    private static Certificate certificate(CertificateExpiry.InUse c, Instant now) {
        return new Certificate(c.file(), c.use(), c.notAfter(),
                c.notAfter() == null ? null : Duration.between(now, c.notAfter()).toDays());
    }

    private Map<String, Double> byOutcome(String meter, String partner) {
        Map<String, Double> counts = new TreeMap<>();
        for (Counter c : meters.find(meter).tag("partner", partner).counters()) {
            counts.merge(c.getId().getTag("outcome"), c.count(), Double::sum);
        }
        return counts;
    }
}
