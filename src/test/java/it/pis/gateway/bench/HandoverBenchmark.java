package it.pis.gateway.bench;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.it.Hl7Fixtures;
import it.pis.gateway.it.StaffSession;
import it.pis.gateway.receivers.MllpReceiver;
import org.HdrHistogram.Histogram;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handovers per second, end to end: staff clients create handovers to the demo hospital
 * ({@code POST /api/handovers}: minimize, render the PDF, sign it CAdES, build the MDM^T02, journal),
 * and the gateway delivers them over MLLP to a local HAPI receiver that answers AA (in order, one
 * recipient, so one delivery at a time). The figure is handovers made and acknowledged per second,
 * from the first request to the last ACK the receiver sent. Part of {@link MllpBenchmark}.
 */
final class HandoverBenchmark {

    static final double TARGET_PER_SECOND = 500;

    record Result(int clients, int handovers, double seconds, double perSecond, double createPerSecond,
                  double p50CreateMillis, double p99CreateMillis, int errors, double serverCpuMicros,
                  double clientCpuMicros) {
    }

    private HandoverBenchmark() {
    }

    static Result run(int staffPort, int mllpPort, MllpReceiver hospital, int clients, int warmup, int handovers)
            throws Exception {
        StaffSession staff = StaffSession.login(staffPort, "operatore", "pis-demo-turno-notte");
        String report = report(mllpPort);
        round(staff, report, hospital, clients, warmup, "w");
        MllpBenchmark.CpuSnapshot before = MllpBenchmark.CpuSnapshot.take();
        Result result = round(staff, report, hospital, clients, handovers, "m");
        MllpBenchmark.CpuSnapshot after = MllpBenchmark.CpuSnapshot.take();
        return new Result(result.clients(), result.handovers(), result.seconds(), result.perSecond(),
                result.createPerSecond(), result.p50CreateMillis(), result.p99CreateMillis(), result.errors(),
                after.since(before, false) / 1e3 / handovers, after.since(before, true) / 1e3 / handovers);
    }

    /** Creates {@code count} handovers with {@code clients} threads, then waits until the receiver has them all. */
    private static Result round(StaffSession staff, String report, MllpReceiver hospital, int clients, int count,
                                String prefix) throws Exception {
        int receivedBefore = hospital.order().size();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients, task -> new Thread(task, MllpBenchmark.CLIENT_THREADS));
        List<Future<Histogram>> results = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    Histogram latencies = new Histogram(3_600_000_000_000L, 3);
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        HttpResponse<String> created = staff.send(staff.request("/api/handovers")
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", prefix + "-" + start + "-" + i)
                                .POST(HttpRequest.BodyPublishers.ofString(body(report, i))));
                        latencies.recordValue(System.nanoTime() - sent);
                        if (created.statusCode() != 201) {
                            if (errors.incrementAndGet() == 1) {
                                System.out.println("  handover refused: " + created.statusCode() + " " + created.body());
                            }
                        }
                    }
                    return latencies;
                }));
            }
            Histogram latencies = new Histogram(3_600_000_000_000L, 3);
            for (Future<Histogram> result : results) {
                latencies.add(result.get());
            }
            double createSeconds = (System.nanoTime() - start) / 1e9;
            int expected = receivedBefore + count - errors.get();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (hospital.order().size() < expected && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int delivered = hospital.order().size() - receivedBefore;
            return new Result(clients, delivered, seconds, delivered / seconds, count / createSeconds,
                    latencies.getValueAtPercentile(50) / 1e6, latencies.getValueAtPercentile(99) / 1e6,
                    errors.get() + (count - errors.get() - delivered), 0, 0);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String body(String report, int i) {
        return """
                {"reportIds": ["%s"], "recipients": ["ospedale-san-carlo"],
                 "summary": "Accolto in pronta accoglienza notturna dopo la dimissione dal pronto soccorso (%d).",
                 "assessment": "Nessuna rete familiare attiva; rischio sanitario moderato.",
                 "actions": [{"at": "2026-12-01T03:30:00Z", "text": "Accompagnamento in struttura, coperte e pasto caldo"}],
                 "urgentHelpProject": {"goals": "Presa in carico dal servizio sociale territoriale",
                   "pendingActions": [{"action": "Colloquio con l'assistente sociale", "owner": "Municipio 2", "due": "2026-12-03"}]}}
                """.formatted(report, i);
    }

    private static String report(int mllpPort) throws Exception {
        try (HapiContext hapi = new DefaultHapiContext()) {
            Connection connection = hapi.newClient("127.0.0.1", mllpPort, false);
            Terser ack = new Terser(connection.getInitiator().sendAndReceive(hapi.getPipeParser()
                    .parse(Hl7Fixtures.adtA04(Hl7Fixtures.uniqueId(), "Cantù", "Niccolò", null))));
            connection.close();
            return ack.get("/MSA-3").replace("report ", "");
        }
    }

    static void print(Result r) {
        System.out.printf("%nHandovers (POST /api/handovers → PDF + CAdES + MDM^T02 → journal → MLLP → AA), %d clients,"
                        + " %,d handovers:%n", r.clients(), r.handovers());
        System.out.printf("  %,.0f handovers/s end to end (%.1f s from the first request to the last ACK);"
                        + " target >= %.0f: %s%n", r.perSecond(), r.seconds(), TARGET_PER_SECOND,
                r.perSecond() >= TARGET_PER_SECOND ? "met" : "NOT met");
        System.out.printf("  creation alone %,.0f/s; POST latency p50 %.1f ms, p99 %.1f ms; %d errors%n",
                r.createPerSecond(), r.p50CreateMillis(), r.p99CreateMillis(), r.errors());
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("  CPU per handover: gateway %,.0f µs, staff clients and the receiving hospital %,.0f µs;"
                        + " the gateway alone on %d cores would top out near %,.0f handovers/s%n", r.serverCpuMicros(),
                r.clientCpuMicros(), cores, cores * 1e6 / Math.max(1, r.serverCpuMicros()));
    }
}
