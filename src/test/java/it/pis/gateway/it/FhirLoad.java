package it.pis.gateway.it;

import org.HdrHistogram.Histogram;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * For the benchmark: {@code clients} FHIR partners (the demo anti-violence centre's certificate over
 * mutual TLS, each with its own connection) posting signed {@code $process-message} Bundles in a
 * closed loop, every request with fresh ModI INTEGRITY_REST_01 headers (RSA-2048 signature, made by
 * the client). A message counts when the gateway answers 2xx.
 */
public final class FhirLoad {

    public record Result(long messages, double perSecond, double p50Millis, double p99Millis, long errors,
                         Map<String, LongAdder> causes) { }

    private FhirLoad() {
    }

    /** {@code whileClientsAlive} runs once every client is done, before their threads end (to read their CPU time). */
    public static Result run(Path certs, int partnerPort, int clients, Duration warmup, Duration measure,
                             String threadName, Runnable whileClientsAlive) throws Exception {
        long measureFrom = System.nanoTime() + warmup.toNanos(), measureUntil = measureFrom + measure.toNanos();
        Map<String, LongAdder> causes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients, task -> new Thread(task, threadName));
        List<Future<Histogram>> futures = new ArrayList<>();
        LongAdder errors = new LongAdder();
        try {
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    FhirPartner csm = FhirPartner.of(certs, partnerPort, FhirFixtures.CSM);
                    Histogram latencies = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= measureUntil) {
                            return latencies;
                        }
                        String id = UUID.randomUUID().toString();
                        String outcome;
                        try {
                            HttpResponse<String> response = csm.post("/$process-message",
                                    FhirFixtures.message(id, FhirFixtures.CSM_SOURCE, "Rossi"));
                            outcome = response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode() + ": "
                                    + response.body().substring(0, Math.min(200, response.body().length()));
                        } catch (Exception e) {
                            outcome = e.toString();
                        }
                        long end = System.nanoTime();
                        if (start >= measureFrom) {
                            if (outcome == null) {
                                latencies.recordValue(Math.min(end - start, latencies.getHighestTrackableValue()));
                            } else {
                                errors.increment();
                            }
                        }
                        if (outcome != null) {
                            causes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                        }
                    }
                }));
            }
            Histogram all = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
            for (Future<Histogram> f : futures) {
                all.add(f.get());
            }
            whileClientsAlive.run();
            double seconds = measure.toNanos() / 1e9;
            return new Result(all.getTotalCount(), all.getTotalCount() / seconds, all.getValueAtPercentile(50) / 1e6,
                    all.getValueAtPercentile(99) / 1e6, errors.sum(), causes);
        } finally {
            pool.shutdownNow();
        }
    }
}
