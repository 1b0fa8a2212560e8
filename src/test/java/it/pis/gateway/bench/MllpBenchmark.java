package it.pis.gateway.bench;

import it.pis.gateway.it.FhirLoad;
import it.pis.gateway.it.FreePorts;
import it.pis.gateway.it.HapiClients;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.app.Initiator;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.util.Terser;
import ch.qos.logback.classic.Level;
import it.pis.gateway.PisGatewayApplication;
import it.pis.gateway.receivers.MllpReceiver;
import org.HdrHistogram.Histogram;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import it.pis.gateway.journal.JournalCipher;
import it.pis.gateway.journal.OpenedJournalRows;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Messages per second and ACK latency over MLLP on this machine, in one run:
 * <ol>
 *   <li><b>raw</b>: HAPI's SimpleServer answering AA with no work, the ceiling of MLLP, HAPI and the
 *       client on this machine;</li>
 *   <li><b>durable</b>: the gateway itself (started here, on a fresh temporary data directory), whose
 *       AA comes only after the message and its report are committed to the journal.</li>
 * </ol>
 * Each with 1 and 16 concurrent connections (one HAPI client per thread), closed loop: a client sends
 * its next ADT^A04 as soon as it has the ACK of the previous one. Every ACK must be AA.
 * <p>
 * Then handovers per second end to end ({@link HandoverBenchmark}).
 * <p>
 * Run from the project folder: {@code mvn -q -Pbench test-compile exec:exec}, optionally with
 * {@code -Dbench.seconds=15 -Dbench.warmup=5 -Dbench.connections=1,16 -Dbench.maxMessages=1000000
 * -Dbench.handovers=3000 -Dbench.handoverWarmup=500 -Dbench.handoverClients=8} ({@code -Dbench.handovers=0}: none).
 * With {@code -Dbench.soakSeconds=N} (and {@code -Dbench.soakConnections=8}) it runs only the soak
 * ({@link SoakBenchmark}) instead.
 * Clients and server share the JVM and the cores, so the figures are indicative.
 */
public final class MllpBenchmark {

    private static final double TARGET_DURABLE_PER_SECOND = 3_000;
    private static final double TARGET_RATIO = 0.5;
    static final String LOOPBACK = "127.0.0.1";

    record Person(String family, String given, String birthDate, String sex, String codiceFiscale) { }

    /** Valid codici fiscali (check character included), so the gateway flags none of them. */
    private static final List<Person> PEOPLE = List.of(
            new Person("Cantù", "Niccolò", "19850312", "M", "CNTNCL85C12F205P"),
            new Person("Pirrò", "Lucrezia", "19920101", "F", "PRRLRZ92A41F205T"),
            new Person("Bonfà", "Giosuè", "19780605", "M", "BNFGSI78H05L219P"),
            new Person("Dell'Acqua", "Ilaria", "20011215", "F", "DLLLRI01T55F205C"));

    /** What the emergency department of San Carlo sends; MSH-10 and the person change per message. */
    private static final String ADT_A04 = String.join("\r",
            "MSH|^~\\&|PS-SANCARLO|OSPSANCARLO|PIS-GATEWAY|PIS|20260315223000+0100||ADT^A04^ADT_A01|TEMPLATE|P|2.5.1"
                    + "||||||8859/1",
            "EVN|A04|20260315223000",
            "PID|1||CNTNCL85C12F205P^^^MEF^NNITA~SC000000^^^OSPSANCARLO^PI||Cantù^Niccolò||19850312|M|||"
                    + "Via Padova 112^^Milano^MI^20127^ITA||||ita^italiano^ISO6392|||||||||||ITA^italiana^ISO3166",
            "PV1|1|E|PS^OBI^1^OSPSANCARLO",
            "PV2" + "|".repeat(25) + "1",
            "NTE|1|L|Persona senza dimora, dimissione non possibile: nessun alloggio per la notte. "
                    + "Necessità di posto letto in struttura; la sorella è già stata avvisata.",
            "");

    record Settings(Duration warmup, Duration measure, long maxMessages, int[] connections, boolean keepData,
                    int handovers, int handoverWarmup, int handoverClients, int openLoopRate, int openLoopConnections,
                    int fhirClients, boolean ownJvm) {

        static Settings fromSystemProperties() {
            int[] connections = Arrays.stream(System.getProperty("bench.connections", "1,16").split(","))
                    .map(String::strip).mapToInt(Integer::parseInt).toArray();
            return new Settings(Duration.ofSeconds(Long.getLong("bench.warmup", 5)),
                    Duration.ofSeconds(Long.getLong("bench.seconds", 15)), Long.getLong("bench.maxMessages", 1_000_000),
                    connections, Boolean.getBoolean("bench.keepData"), Integer.getInteger("bench.handovers", 3000),
                    Integer.getInteger("bench.handoverWarmup", 500), Integer.getInteger("bench.handoverClients", 8),
                    Integer.getInteger("bench.openLoopRate", 1000), Integer.getInteger("bench.openLoopConnections", 32),
                    Integer.getInteger("bench.fhirClients", 16), !"false".equals(System.getProperty("bench.ownJvm")));
        }
    }

    record Result(String name, int connections, long messages, double perSecond, double p50Millis, double p99Millis,
                  long errors, long accepted, Map<String, LongAdder> causes, double clientCpuMicros,
                  double serverCpuMicros) { }

    /**
     * CPU time of each of this JVM's threads. The difference of two snapshots, split into the load
     * generator's threads ("bench-client…", and the hospital that receives handovers,
     * "mllp-receiver…") and the server's (all others: the gateway or the echo server), says where the
     * machine's cores went during the measured window.
     */
    record CpuSnapshot(Map<Long, Long> cpuByThread, Map<Long, Boolean> isClient, Map<Long, String> family) {

        static CpuSnapshot take() {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            Map<Long, Long> cpu = new java.util.HashMap<>();
            Map<Long, Boolean> client = new java.util.HashMap<>();
            Map<Long, String> family = new java.util.HashMap<>();
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                    client.put(info.getThreadId(), info.getThreadName().startsWith(CLIENT_THREADS)
                            || info.getThreadName().startsWith(MllpReceiver.THREADS));
                    family.put(info.getThreadId(), info.getThreadName().replaceAll("[0-9]+", "N"));
                }
            }
            return new CpuSnapshot(cpu, client, family);
        }

        /** Server CPU nanoseconds since {@code start} by thread family (names without their numbers), largest first. */
        Map<String, Long> serverByFamily(CpuSnapshot start) {
            Map<String, Long> byFamily = new java.util.TreeMap<>();
            cpuByThread.forEach((id, nanos) -> {
                if (!isClient.get(id)) {
                    byFamily.merge(family.get(id), nanos - start.cpuByThread().getOrDefault(id, 0L), Long::sum);
                }
            });
            return byFamily;
        }

        /** CPU nanoseconds spent since {@code start} by client threads (true) or server threads (false). */
        long since(CpuSnapshot start, boolean client) {
            return cpuByThread.entrySet().stream()
                    .filter(e -> isClient.get(e.getKey()) == client)
                    .mapToLong(e -> e.getValue() - start.cpuByThread().getOrDefault(e.getKey(), 0L))
                    .sum();
        }
    }

    static final String CLIENT_THREADS = "bench-client";

    public static void main(String[] args) throws Exception {
        // HAPI logs every connection at INFO; once started, the gateway logs at WARN (see startGateway)
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        Settings settings = Settings.fromSystemProperties();
        long soakSeconds = Long.getLong("bench.soakSeconds", 0);
        if (soakSeconds > 0) {
            soak(Duration.ofSeconds(soakSeconds), Integer.getInteger("bench.soakConnections", 8), settings.keepData());
            System.exit(0);
        }
        System.out.printf("MLLP benchmark: %d available processors, Java %s (%s, %s), load average %.2f;"
                        + " warm-up %d s, measure %d s per case, at most %,d messages per case%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vendor"), loadAverage(),
                settings.warmup().toSeconds(), settings.measure().toSeconds(), settings.maxMessages());

        List<Result> raw = new ArrayList<>();
        HapiContext echoContext = HapiClients.context("echo-server");
        int echoPort = FreePorts.next();
        HL7Service echo = echoServer(echoContext, echoPort);
        try {
            for (int connections : settings.connections()) {
                raw.add(run("raw HAPI echo", echoPort, connections, settings));
            }
        } finally {
            echo.stopAndWait();
            HapiClients.close(echoContext);
        }

        List<Result> durable = new ArrayList<>();
        Path dataDir = Files.createTempDirectory("pis-bench-");
        int gatewayPort = FreePorts.next();
        System.out.printf("starting the gateway: MLLP on %s:%d, data in %s%n", LOOPBACK, gatewayPort, dataDir);
        MllpReceiver hospital = new MllpReceiver().start();
        ConfigurableApplicationContext gateway = startGateway(gatewayPort, dataDir, hospital.endpoint());
        Targets targets = new Targets();
        try {
            for (int connections : settings.connections()) {
                durable.add(run("durable gateway", gatewayPort, connections, settings));
            }
            OpenLoopResult openLoop = settings.openLoopRate() > 0
                    ? openLoop(gatewayPort, settings.openLoopRate(), settings.openLoopConnections(), settings) : null;
            // context for the target above: the latency this machine gives when it is not saturated
            OpenLoopResult halfCapacity = settings.openLoopRate() > 0 ? openLoop(gatewayPort,
                    halfOf(durable.get(durable.size() - 1)), settings.openLoopConnections(), settings) : null;
            FhirLoad.Result fhir = settings.fhirClients() > 0 ? fhir(gateway, dataDir, settings) : null;
            FhirLoad.Result fhirCeiling = settings.fhirClients() > 0 ? fhirCeiling(dataDir, settings) : null;
            report(raw, durable);
            printJournal(gateway.getBean(JdbcTemplate.class), gateway.getBean(JournalCipher.class), durable);
            targets.intake(raw, durable);
            targets.openLoop(openLoop, settings.openLoopRate());
            targets.openLoopWithinCapacity(halfCapacity);
            targets.fhir(fhir, fhirCeiling, settings.fhirClients());
            if (settings.handovers() > 0) {
                HandoverBenchmark.print(HandoverBenchmark.run(
                        Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port")), gatewayPort,
                        hospital, settings.handoverClients(), settings.handoverWarmup(), settings.handovers()));
            }
        } finally {
            hospital.close();
            if (postgresSchema != null && !settings.keepData()) {
                gateway.getBean(JdbcTemplate.class).execute("DROP SCHEMA " + postgresSchema + " CASCADE");
            }
            gateway.close();
            if (settings.keepData()) {
                System.out.println("data kept in " + dataDir);
            } else {
                deleteRecursively(dataDir);
            }
        }
        if (settings.ownJvm()) {
            ownJvm(settings, targets);
        }
        targets.print();
        // do not wait for non-daemon threads that libraries may leave behind
        System.exit(0);
    }

    /** The soak mode alone ({@link SoakBenchmark}): the gateway, then sustained load, nothing else. */
    private static void soak(Duration length, int connections, boolean keepData) throws Exception {
        Path dataDir = Files.createTempDirectory("pis-bench-");
        int gatewayPort = FreePorts.next();
        System.out.printf("starting the gateway: MLLP on %s:%d, data in %s%n", LOOPBACK, gatewayPort, dataDir);
        MllpReceiver hospital = new MllpReceiver().start();
        ConfigurableApplicationContext gateway = startGateway(gatewayPort, dataDir, hospital.endpoint());
        try {
            SoakBenchmark.run(gatewayPort, dataDir, gateway.getBean(JdbcTemplate.class), length, connections);
            printReportsQueue(gateway.getBean(EmbeddedActiveMQ.class).getActiveMQServer());
        } finally {
            hospital.close();
            if (postgresSchema != null && !keepData) {
                gateway.getBean(JdbcTemplate.class).execute("DROP SCHEMA " + postgresSchema + " CASCADE");
            }
            gateway.close();
            if (keepData) {
                System.out.println("data kept in " + dataDir);
            } else {
                deleteRecursively(dataDir);
            }
        }
    }

    /** What the embedded broker holds on pis.reports, which nothing consumed, and whether it pages to disk. */
    private static void printReportsQueue(ActiveMQServer broker) {
        SimpleString queue = SimpleString.of("pis.reports");
        try {
            System.out.printf("pis.reports on the embedded broker: %,d messages, %,.0f MiB of them in memory, paging: %s%n",
                    broker.locateQueue(queue).getMessageCount(),
                    broker.getPagingManager().getPageStore(queue).getAddressSize() / 1048576.0,
                    broker.getPagingManager().getPageStore(queue).isPaging());
        } catch (Exception e) {
            System.out.println("pis.reports on the embedded broker: not readable (" + e + ")");
        }
    }

    private static HL7Service echoServer(HapiContext context, int port) throws InterruptedException {
        context.setSocketFactory(new StandardSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
                return new ServerSocket() {
                    // HAPI binds to the wildcard address: keep the echo server on loopback
                    @Override
                    public void bind(SocketAddress endpoint, int backlog) throws IOException {
                        super.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                                ((InetSocketAddress) endpoint).getPort()), backlog);
                    }
                };
            }
        });
        HL7Service server = context.newServer(port, false);
        server.registerApplication(new ReceivingApplication<>() {
            @Override
            public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
                try {
                    return message.generateACK();
                } catch (IOException e) {
                    throw new HL7Exception(e);
                }
            }

            @Override
            public boolean canProcess(Message message) {
                return true;
            }
        });
        server.startAndWait();
        return server;
    }

    /** Set when the journal runs on PostgreSQL (-Dbench.journal=postgres), so that the schema is dropped after. */
    private static String postgresSchema;

    /**
     * Command-line arguments, because default properties would lose to application.yaml. Every
     * listener on a free loopback port, so that the benchmark runs beside a gateway already running
     * (mvn spring-boot:run holds 2575, 2576, 8080 and 8443); its PKI stays in dataDir.
     */
    static List<String> gatewayArguments(int port, Path dataDir, String hospital) {
        return List.of(
                "--pis.data-dir=" + dataDir,
                "--pis.mllp.host=" + LOOPBACK,
                "--pis.mllp.port=" + port,
                "--pis.mllps.port=" + FreePorts.next(),
                "--pis.partner.host=" + LOOPBACK,
                "--pis.partner.https-port=" + FreePorts.next(),
                "--pis.tls.certs-dir=" + dataDir.resolve("certs"),
                "--server.port=0",
                "--pis.outbound.endpoints.ospedale-san-carlo=" + hospital,
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
    }

    private static ConfigurableApplicationContext startGateway(int port, Path dataDir, String hospital)
            throws InterruptedException {
        if (!Files.isDirectory(Path.of("routes")) || !Files.isDirectory(Path.of("protocols"))) {
            throw new IllegalStateException("run from the project folder: the gateway reads routes/ and protocols/ there");
        }
        List<String> args = new ArrayList<>(gatewayArguments(port, dataDir, hospital));
        if ("postgres".equals(System.getProperty("bench.journal"))) {
            // the production journal: local PostgreSQL, database test, a schema of its own
            String schema = postgresSchema = "pis_bench_" + Long.toHexString(System.nanoTime());
            args.addAll(List.of("--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
                    "--spring.datasource.username=postgres", "--spring.flyway.schemas=" + schema,
                    "--spring.flyway.default-schema=" + schema));
            System.out.println("journal: PostgreSQL, schema " + schema + " (dropped at the end)");
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PisGatewayApplication.class)
                .run(args.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket probe = new Socket(LOOPBACK, port)) {
                return context;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    context.close();
                    throw new IllegalStateException("the gateway did not listen on MLLP port " + port + " within 60 s");
                }
                Thread.sleep(100);
            }
        }
    }

    /** One case: {@code connections} clients in a closed loop, warm-up first, then the measured window. */
    private static Result run(String name, int port, int connections, Settings settings) throws Exception {
        long warmupFrom = System.nanoTime();
        long measureFrom = warmupFrom + settings.warmup().toNanos();
        long measureUntil = measureFrom + settings.measure().toNanos();
        AtomicLong budget = new AtomicLong(settings.maxMessages());
        Map<String, LongAdder> causes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(connections, task -> new Thread(task, CLIENT_THREADS));
        List<Future<Client>> clients = new ArrayList<>();
        java.util.concurrent.ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.ScheduledFuture<CpuSnapshot> cpuAtStart = clock.schedule(CpuSnapshot::take,
                measureFrom - System.nanoTime(), TimeUnit.NANOSECONDS);
        try {
            for (int i = 0; i < connections; i++) {
                Client client = new Client("c" + connections + "t" + i + "-", port, measureFrom, measureUntil, budget,
                        causes);
                clients.add(pool.submit(client, client));
            }
            Histogram latencies = newHistogram();
            long errors = 0, accepted = 0, lastCompletion = measureFrom;
            for (Future<Client> future : clients) {
                Client client = future.get();
                latencies.add(client.latencies);
                errors += client.errors;
                accepted += client.accepted;
                lastCompletion = Math.max(lastCompletion, client.lastCompletion);
            }
            CpuSnapshot start = cpuAtStart.get(), end = CpuSnapshot.take();
            long total = Math.max(1, end.since(start, false));
            end.serverByFamily(start).entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                    .forEach(e -> System.out.printf("    server CPU %4.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
            double seconds = Math.max(1, lastCompletion - measureFrom) / 1e9;
            long messages = Math.max(1, latencies.getTotalCount());
            Result result = new Result(name, connections, latencies.getTotalCount(),
                    latencies.getTotalCount() / seconds, latencies.getValueAtPercentile(50) / 1e6,
                    latencies.getValueAtPercentile(99) / 1e6, errors, accepted, causes,
                    end.since(start, true) / 1e3 / messages, end.since(start, false) / 1e3 / messages);
            System.out.printf("  done: %s, %d connection(s): %,.0f msg/s, %d errors%n", name, connections,
                    result.perSecond(), errors);
            return result;
        } finally {
            pool.shutdownNow();
            clock.shutdownNow();
        }
    }

    /**
     * One MLLP connection (its own HapiContext: clients of one context to the same address share a
     * single socket). Latency is recorded for messages sent inside the measured window.
     */
    private static final class Client implements Runnable {

        private final String idPrefix;
        private final int port;
        private final long measureFrom, measureUntil;
        private final AtomicLong budget;
        private final Map<String, LongAdder> causes;
        final Histogram latencies = newHistogram();
        long errors, accepted, lastCompletion;

        Client(String idPrefix, int port, long measureFrom, long measureUntil, AtomicLong budget,
               Map<String, LongAdder> causes) {
            this.idPrefix = idPrefix;
            this.port = port;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            this.budget = budget;
            this.causes = causes;
        }

        @Override
        public void run() {
            HapiContext hapi = HapiClients.context(CLIENT_THREADS);
            try {
                Connection connection = hapi.newClient(LOOPBACK, port, false);
                Initiator initiator = connection.getInitiator();
                initiator.setTimeout(30, TimeUnit.SECONDS);
                Message message = hapi.getPipeParser().parse(ADT_A04);
                Terser terser = new Terser(message);
                for (long seq = 1; ; seq++) {
                    long start = System.nanoTime();
                    boolean measured = start >= measureFrom;
                    if (start >= measureUntil || measured && budget.decrementAndGet() < 0) {
                        return;
                    }
                    fill(terser, idPrefix + seq, PEOPLE.get((int) (seq % PEOPLE.size())));
                    String outcome;
                    boolean broken = false;
                    try {
                        Terser ack = new Terser(initiator.sendAndReceive(message));
                        outcome = "AA".equals(ack.get("/MSA-1")) ? null : ack.get("/MSA-1") + ": " + ack.get("/MSA-3");
                    } catch (HL7Exception | LLPException | IOException e) {
                        outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
                        broken = e instanceof IOException;
                    }
                    long end = System.nanoTime();
                    if (outcome == null) {
                        accepted++;
                    } else {
                        causes.computeIfAbsent((measured ? "" : "(warm-up) ") + outcome, k -> new LongAdder()).increment();
                    }
                    if (measured) {
                        lastCompletion = end;
                        if (outcome == null) {
                            latencies.recordValue(Math.min(end - start, latencies.getHighestTrackableValue()));
                        } else {
                            errors++;
                        }
                    }
                    if (broken) {
                        return;
                    }
                }
            } catch (HL7Exception e) {
                causes.computeIfAbsent("client stopped: " + e, k -> new LongAdder()).increment();
                errors++;
            } finally {
                HapiClients.close(hapi);
            }
        }

        private static void fill(Terser terser, String id, Person person) throws HL7Exception {
            terser.set("/MSH-10", id);
            terser.set("/PID-3(0)-1", person.codiceFiscale());
            terser.set("/PID-3(1)-1", id);
            terser.set("/PID-5-1", person.family());
            terser.set("/PID-5-2", person.given());
            terser.set("/PID-7", person.birthDate());
            terser.set("/PID-8", person.sex());
        }
    }

    /** Half the closed loop's rate, at least 50 msg/s. */
    private static int halfOf(Result closedLoop) {
        return (int) Math.max(50, closedLoop.perSecond() / 2);
    }

    record OpenLoopResult(int rate, int connections, long messages, double perSecond, double p50Millis,
                          double p99Millis, double maxMillis, long errors) { }

    /**
     * Open loop: messages leave at a fixed rate whatever the answers do, spread over {@code connections}
     * clients that take the next slot of one schedule. Latency counts from the moment a message was
     * due, not from when a free client sent it, so a stall shows in the figures (no coordinated omission).
     */
    private static OpenLoopResult openLoop(int port, int rate, int connections, Settings settings) throws Exception {
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long from = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        long measureFrom = from + settings.warmup().toNanos(), measureUntil = measureFrom + settings.measure().toNanos();
        AtomicLong slots = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections, task -> new Thread(task, CLIENT_THREADS));
        List<Future<Histogram>> clients = new ArrayList<>();
        LongAdder errors = new LongAdder();
        try {
            for (int i = 0; i < connections; i++) {
                String prefix = "open" + i + "-";
                clients.add(pool.submit(() -> {
                    Histogram latencies = newHistogram();
                    HapiContext hapi = HapiClients.context(CLIENT_THREADS);
                    try {
                        Initiator initiator = hapi.newClient(LOOPBACK, port, false).getInitiator();
                        initiator.setTimeout(30, TimeUnit.SECONDS);
                        Message message = hapi.getPipeParser().parse(ADT_A04);
                        Terser terser = new Terser(message);
                        while (true) {
                            long slot = slots.getAndIncrement();
                            long due = from + slot * period;
                            if (due >= measureUntil) {
                                return latencies;
                            }
                            java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                            Client.fill(terser, prefix + slot, PEOPLE.get((int) (slot % PEOPLE.size())));
                            boolean aa;
                            try {
                                aa = "AA".equals(new Terser(initiator.sendAndReceive(message)).get("/MSA-1"));
                            } catch (HL7Exception | LLPException | IOException e) {
                                aa = false;
                            }
                            long end = System.nanoTime();
                            if (due >= measureFrom) {
                                if (aa) {
                                    latencies.recordValue(Math.min(end - due, latencies.getHighestTrackableValue()));
                                } else {
                                    errors.increment();
                                }
                            }
                        }
                    } finally {
                        HapiClients.close(hapi);
                    }
                }));
            }
            Histogram all = newHistogram();
            for (Future<Histogram> client : clients) {
                all.add(client.get());
            }
            double seconds = settings.measure().toNanos() / 1e9;
            OpenLoopResult result = new OpenLoopResult(rate, connections, all.getTotalCount(),
                    all.getTotalCount() / seconds, all.getValueAtPercentile(50) / 1e6, all.getValueAtPercentile(99) / 1e6,
                    all.getMaxValue() / 1e6, errors.sum());
            System.out.printf("  done: durable gateway, open loop at %,d msg/s over %d connections: %,.0f msg/s answered AA,"
                            + " p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d errors%n", rate, connections, result.perSecond(),
                    result.p50Millis(), result.p99Millis(), result.maxMillis(), result.errors());
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    /** FHIR {@code $process-message}, ModI-signed, from {@code fhirClients} partners at once ({@link FhirLoad}). */
    private static FhirLoad.Result fhir(ConfigurableApplicationContext gateway, Path dataDir, Settings settings)
            throws Exception {
        int partnerPort = Integer.parseInt(gateway.getEnvironment().getProperty("pis.partner.https-port"));
        CpuSnapshot start = CpuSnapshot.take();
        java.util.concurrent.atomic.AtomicReference<CpuSnapshot> atEnd = new java.util.concurrent.atomic.AtomicReference<>();
        FhirLoad.Result result = FhirLoad.run(dataDir.resolve("certs"), partnerPort, settings.fhirClients(),
                settings.warmup(), settings.measure(), CLIENT_THREADS, () -> atEnd.set(CpuSnapshot.take()));
        CpuSnapshot end = atEnd.get();
        long messages = Math.max(1, result.messages());
        System.out.printf("  done: FHIR $process-message (ModI-signed, mutual TLS), %d clients: %,.0f msg/s,"
                        + " p50 %.1f ms, p99 %.1f ms, %d errors; CPU per message: signing clients %,.0f us, gateway and"
                        + " java.net.http's own threads %,.0f us (warm-up included)%n", settings.fhirClients(), result.perSecond(), result.p50Millis(),
                result.p99Millis(), result.errors(), end.since(start, true) / 1e3 / messages,
                end.since(start, false) / 1e3 / messages);
        result.causes().entrySet().stream().limit(5).forEach(e -> System.out.printf("ERROR in FHIR, %,d times: %s%n",
                e.getValue().sum(), e.getKey()));
        return result;
    }

    /** The same signing clients against {@link HttpsEcho}: what they and TLS alone reach on this machine. */
    private static FhirLoad.Result fhirCeiling(Path dataDir, Settings settings) throws Exception {
        try (HttpsEcho echo = new HttpsEcho(dataDir.resolve("certs"), settings.fhirClients())) {
            FhirLoad.Result result = FhirLoad.run(dataDir.resolve("certs"), echo.port(), settings.fhirClients(),
                    settings.warmup(), settings.measure(), CLIENT_THREADS, () -> { });
            System.out.printf("  done: the same FHIR clients against an HTTPS echo (mutual TLS, nothing verified):"
                    + " %,.0f msg/s, p50 %.1f ms, p99 %.1f ms, %d errors%n", result.perSecond(), result.p50Millis(),
                    result.p99Millis(), result.errors());
            result.causes().entrySet().stream().limit(5).forEach(e -> System.out.printf(
                    "ERROR against the HTTPS echo, %,d times: %s%n", e.getValue().sum(), e.getKey()));
            return result;
        }
    }

    /**
     * The gateway in a JVM of its own with the documented default JVM options: time from its start to
     * every listener (MLLP, MLLP/TLS, partner HTTPS, staff HTTP) taking connections, then its RSS, the
     * highest seen, under the 16-connection closed loop.
     */
    private static void ownJvm(Settings settings, Targets targets) throws Exception {
        Path dataDir = Files.createTempDirectory("pis-bench-jvm-");
        int mllp = FreePorts.next(), mllps = FreePorts.next(), https = FreePorts.next(), staff = FreePorts.next();
        List<String> args = new ArrayList<>(gatewayArguments(mllp, dataDir, "mllp://127.0.0.1:9"));
        args.removeIf(a -> a.startsWith("--pis.mllps.port=") || a.startsWith("--pis.partner.https-port=")
                || a.startsWith("--server.port=") || a.startsWith("--spring.datasource") || a.startsWith("--spring.flyway"));
        args.addAll(List.of("--pis.mllps.port=" + mllps, "--pis.partner.https-port=" + https, "--server.port=" + staff));
        System.out.printf("%nthe gateway in its own JVM (%s), data in %s%n",
                String.join(" ", GatewayProcess.DEFAULT_JVM_OPTIONS), dataDir);
        List<Integer> listeners = List.of(mllp, mllps, https, staff);
        List<String> classpath = GatewayProcess.runtimeClasspath();
        List<String> plain = GatewayProcess.javaArguments(List.of(), String.join(File.pathSeparator, classpath));
        // the first start makes the development PKI, the journal and the broker's files; an operator's
        // start is the next one, on that data folder
        try (GatewayProcess first = GatewayProcess.start(plain, args, listeners, dataDir.resolve("gateway-first.log"))) {
            System.out.printf("  first start (creates the PKI, journal and broker files): %.1f s%n", first.startupSeconds);
        }
        double withoutCds;
        try (GatewayProcess again = GatewayProcess.start(plain, args, listeners, dataDir.resolve("gateway-plain.log"))) {
            withoutCds = again.startupSeconds;
            System.out.printf("  start-up on that data folder to all four listeners ready, without CDS: %.1f s; RSS when"
                    + " ready: %,.0f MiB%n", withoutCds, again.rss() / 1048576.0);
        }
        CdsArchive cds = CdsArchive.make(classpath, dataDir.resolve("cds"));
        System.out.printf("  class data sharing archive made by bin/cds-archive in %.0f s%n", cds.seconds());
        // one start varies by ±1.5 s on this machine: the target is judged on the median of three
        List<Double> withCds = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            try (GatewayProcess again = GatewayProcess.start(cds.javaArguments(), args, listeners,
                    dataDir.resolve("gateway-cds-" + i + ".log"))) {
                withCds.add(again.startupSeconds);
            }
        }
        try (GatewayProcess process = GatewayProcess.start(cds.javaArguments(), args, listeners,
                dataDir.resolve("gateway.log"))) {
            long idle = process.rss();
            withCds.add(process.startupSeconds);
            List<Double> sorted = withCds.stream().sorted().toList();
            System.out.printf("  start-up with that archive (docs/operations.md), three starts: %s s, median %.1f s;"
                    + " RSS when ready: %,.0f MiB%n", withCds.stream().map(x -> String.format("%.1f", x)).toList(),
                    sorted.get(1), idle / 1048576.0);
            AtomicLong peak = new AtomicLong(idle);
            java.util.concurrent.ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(process.rss(), Math::max), 0, 250,
                    TimeUnit.MILLISECONDS);
            int connections = settings.connections()[settings.connections().length - 1];
            Result load;
            try {
                load = run("durable, own JVM", mllp, connections, settings);
            } finally {
                sampler.shutdownNow();
            }
            long after = process.rss();
            System.out.printf("  under load (%d connections, %,.0f msg/s): RSS at most %,.0f MiB, %,.0f MiB at the end%n",
                    connections, load.perSecond(), peak.get() / 1048576.0, after / 1048576.0);
            targets.ownJvm(sorted, withoutCds, peak.get(), load);
            if (settings.openLoopRate() > 0) {
                // the latency a partner sees from a gateway run as documented (512 MB heap), with room to spare
                targets.openLoopOwnJvm(openLoop(mllp, halfOf(load), settings.openLoopConnections(), settings));
            }
        } finally {
            if (!settings.keepData()) {
                deleteRecursively(dataDir);
            }
        }
    }

    /** Every target of issue 9 with its figure from this run, PASS or MISS (NOT RUN when its part was skipped). */
    static final class Targets {

        private final List<String[]> rows = new ArrayList<>();

        void add(String target, String figure, Boolean pass) {
            rows.add(new String[] {target, figure, pass == null ? "NOT RUN" : pass ? "PASS" : "MISS"});
        }

        /** A figure that explains a target's, not a target. */
        void info(String what, String figure) {
            rows.add(new String[] {"(context) " + what, figure, "INFO"});
        }

        void intake(List<Result> raw, List<Result> durable) {
            Result rawMost = raw.get(raw.size() - 1), durableMost = durable.get(durable.size() - 1);
            boolean clean = durableMost.errors() == 0;
            double ratio = durableMost.perSecond() / rawMost.perSecond();
            add("HL7 durable, " + durableMost.connections() + " conns >= 3,000 msg/s",
                    String.format("%,.0f msg/s%s", durableMost.perSecond(), clean ? "" : " (errors)"),
                    clean && durableMost.perSecond() >= TARGET_DURABLE_PER_SECOND);
            add("HL7 durable/raw, " + durableMost.connections() + " conns >= 0.50",
                    String.format("%.2f (raw %,.0f msg/s)", ratio, rawMost.perSecond()), clean && ratio >= TARGET_RATIO);
        }

        void openLoop(OpenLoopResult r, int rate) {
            add("HL7 p99 ACK <= 10 ms, open loop " + String.format("%,d", rate) + " msg/s",
                    r == null ? "-" : String.format("p99 %.2f ms (p50 %.2f, %,.0f msg/s, %d errors)", r.p99Millis(),
                            r.p50Millis(), r.perSecond(), r.errors()),
                    r == null ? null : r.errors() == 0 && r.p99Millis() <= 10 && r.perSecond() >= 0.95 * rate);
        }

        /** Not a target: the open loop at half the closed loop's durable rate, where the machine has room. */
        void openLoopWithinCapacity(OpenLoopResult r) {
            if (r != null) {
                info("HL7 open loop at half the durable rate", String.format("p99 %.2f ms at %,d msg/s (p50 %.2f,"
                        + " %d errors)", r.p99Millis(), r.rate(), r.p50Millis(), r.errors()));
            }
        }

        /** Not a target: the same, against the gateway in its own JVM with the documented JVM options. */
        void openLoopOwnJvm(OpenLoopResult r) {
            info("HL7 open loop at half the durable rate, own JVM", String.format("p99 %.2f ms at %,d msg/s (p50 %.2f,"
                    + " %d errors)", r.p99Millis(), r.rate(), r.p50Millis(), r.errors()));
        }

        void fhir(FhirLoad.Result r, FhirLoad.Result ceiling, int clients) {
            add("FHIR $process-message ModI, " + clients + " clients >= 1,000 msg/s",
                    r == null ? "-" : String.format("%,.0f msg/s (%d errors)", r.perSecond(), r.errors()),
                    r == null ? null : r.errors() == 0 && r.perSecond() >= 1000);
            if (r != null && ceiling != null) {
                info("the same clients against an HTTPS echo", String.format("%,.0f msg/s: the gateway reached %.2f"
                        + " of it", ceiling.perSecond(), r.perSecond() / Math.max(1, ceiling.perSecond())));
            }
        }

        /** {@code withCds}: three starts with the CDS archive, fastest first; judged on their median. */
        void ownJvm(List<Double> withCds, double withoutCds, long peakRss, Result load) {
            double median = withCds.get(1);
            add("start-up to all listeners ready <= 10 s",
                    String.format("%.1f s with CDS, median of %.1f-%.1f (%.1f s without)", median, withCds.get(0),
                            withCds.get(2), withoutCds), median <= 10);
            add("RSS under load <= 768 MiB (default JVM options)",
                    String.format("%,.0f MiB (at %,.0f msg/s)", peakRss / 1048576.0, load.perSecond()),
                    peakRss > 0 && peakRss <= 768L * 1048576);
        }

        void print() {
            System.out.printf("%nTARGETS (issue 9), load average now %.2f: figures on a busy machine are low%n",
                    loadAverage());
            System.out.printf("%-52s %-48s %s%n", "target", "figure", "result");
            for (String[] row : rows) {
                System.out.printf("%-52s %-48s %s%n", row[0], row[1], row[2]);
            }
        }
    }

    private static void report(List<Result> raw, List<Result> durable) {
        System.out.printf("%nload average at the end: %.2f (other work on the machine lowers every figure)%n",
                loadAverage());
        System.out.printf("%-18s %5s %10s %10s %8s %8s %7s %14s %14s%n", "case", "conns", "messages", "msg/s",
                "p50 ms", "p99 ms", "errors", "client us/msg", "server us/msg");
        for (Result r : Stream.concat(raw.stream(), durable.stream()).toList()) {
            System.out.printf("%-18s %5d %,10d %,10.0f %8.3f %8.3f %7d %,14.0f %,14.0f%n", r.name(), r.connections(),
                    r.messages(), r.perSecond(), r.p50Millis(), r.p99Millis(), r.errors(), r.clientCpuMicros(),
                    r.serverCpuMicros());
        }
        System.out.println("(us/msg: CPU time of the load generator's threads and of the server's threads per message;"
                + " both share this machine's cores)");
        System.out.println();
        for (int i = 0; i < raw.size(); i++) {
            System.out.printf("durable/raw with %2d connection(s): %.2f%n", raw.get(i).connections(),
                    durable.get(i).perSecond() / raw.get(i).perSecond());
        }
        Result rawMost = raw.get(raw.size() - 1), durableMost = durable.get(durable.size() - 1);
        double ratio = durableMost.perSecond() / rawMost.perSecond();
        boolean clean = durableMost.errors() == 0;
        System.out.printf("target >= %,.0f msg/s durable with %d connections: %s (%,.0f msg/s%s)%n",
                TARGET_DURABLE_PER_SECOND, durableMost.connections(),
                clean && durableMost.perSecond() >= TARGET_DURABLE_PER_SECOND ? "MET" : "NOT MET",
                durableMost.perSecond(), clean ? "" : ", with errors");
        System.out.printf("target durable >= %.0f %% of raw with %d connections: %s (%.0f %%)%n", TARGET_RATIO * 100,
                durableMost.connections(), clean && ratio >= TARGET_RATIO ? "MET" : "NOT MET", ratio * 100);
        for (Result r : Stream.concat(raw.stream(), durable.stream()).toList()) {
            r.causes().entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum()).reversed())
                    .limit(5)
                    .forEach(e -> System.out.printf("ERROR in %s, %d connection(s), %,d times: %s%n", r.name(),
                            r.connections(), e.getValue().sum(), e.getKey()));
        }
    }

    /** Proof that the AAs stand for new reports: one ACCEPTED journal entry and one report per AA. */
    private static void printJournal(JdbcTemplate jdbc, JournalCipher cipher, List<Result> durable) {
        long acks = durable.stream().mapToLong(Result::accepted).sum();
        Map<String, Long> outcomes = new TreeMap<>();
        jdbc.query("SELECT outcome, COUNT(*) FROM inbound_message GROUP BY outcome",
                rs -> { outcomes.put(rs.getString(1), rs.getLong(2)); });
        long reports = jdbc.queryForObject("SELECT COUNT(*) FROM report", Long.class);
        long published = jdbc.queryForObject("SELECT COUNT(*) FROM report", Long.class)
                - jdbc.queryForObject("SELECT COUNT(*) FROM report_outbox", Long.class);
        long accented = OpenedJournalRows.bodiesContaining(jdbc, cipher, "Niccolò");
        System.out.printf("journal: %,d AA received (warm-up included), %,d reports, inbound messages %s;"
                        + " %,d reports published to the queue so far; %,d with 'Niccolò' intact (expected ~%,d)%n",
                acks, reports, outcomes, published, accented, reports / PEOPLE.size());
    }

    private static Histogram newHistogram() {
        return new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }


    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
