package it.pis.gateway.receivers;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.protocol.impl.ApplicationRouterImpl;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hospital's HL7 engine as far as the gateway can tell: HAPI's own MLLP server (SimpleServer)
 * that receives any HL7 v2 message (UTF-8, MSH-18 honoured by HAPI's parser), answers it with an
 * original-mode ACK built by HAPI, and remembers what it got. The answer is the next one queued
 * ({@link #answerNext}), else the current {@link #answer(Answer) mode}. It can be stopped and
 * started again on the same port (a hospital restarting).
 */
public final class MllpReceiver implements AutoCloseable {

    /** How the receiver answers a message. */
    public enum Answer {
        /** AA: stored. */
        ACCEPT,
        /** AE: could not store it this time (a transient error; the sender retries). */
        ERROR,
        /** AR: will never take it. */
        REFUSE,
        /** AA, but MSA-2 names another message than the one received (a confused engine). */
        FOREIGN,
        /** Answers nothing for a while (longer than the sender waits), then AA. */
        SILENT
    }

    /** The receiver's thread names start with this (the benchmark counts their CPU as the partner's, not the gateway's). */
    public static final String THREADS = "mllp-receiver";
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private final int port;
    private final HapiContext hapi;
    private final ExecutorService threads;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> queued = new ConcurrentLinkedQueue<>();
    private volatile Answer mode = Answer.ACCEPT;
    private volatile long silentMillis = 5_000;
    private HL7Service server;

    /** On a free port of this machine. */
    public MllpReceiver() {
        this(freePort());
    }

    public MllpReceiver(int port) {
        this.port = port;
        this.hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        // its own threads: HAPI's default executor is shared by every HapiContext in the JVM, and any
        // client that closes its context (try-with-resources) would shut this server down with it
        this.threads = Executors.newCachedThreadPool(task -> new Thread(task, THREADS + "-" + THREAD_NUMBERS.incrementAndGet()));
        hapi.setExecutorService(threads);
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        // ACK control ids from memory: HAPI's default generator writes an id_file into the working directory
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        MinLowerLayerProtocol llp = new MinLowerLayerProtocol();
        llp.setCharset(StandardCharsets.UTF_8);
        hapi.setLowerLayerProtocol(llp);
    }

    /** Starts listening (again) on the port; returns once it accepts connections. */
    public synchronized MllpReceiver start() {
        if (server != null && server.isRunning()) {
            return this;
        }
        server = hapi.newServer(port, false);
        server.registerApplication("*", "*", new Application());
        try {
            server.startAndWait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the MLLP receiver", e);
        }
        return this;
    }

    /** Stops listening and drops open connections, as a hospital engine going down does. */
    public synchronized void stop() {
        if (server != null) {
            server.stopAndWait();
            server = null;
        }
    }

    public int port() {
        return port;
    }

    /** {@code mllp://127.0.0.1:<port>}, for pis.outbound.endpoints.<agreement>. */
    public String endpoint() {
        return "mllp://127.0.0.1:" + port;
    }

    /** How every message is answered from now on (after the queued answers). */
    public MllpReceiver answer(Answer mode) {
        this.mode = mode;
        return this;
    }

    /** Answers for the next messages, in order, before the mode applies again. */
    public MllpReceiver answerNext(Answer... answers) {
        queued.addAll(List.of(answers));
        return this;
    }

    /** How long {@link Answer#SILENT} keeps quiet. */
    public MllpReceiver silentFor(long millis) {
        this.silentMillis = millis;
        return this;
    }

    /** How many times each MSH-10 arrived. */
    public Map<String, Integer> received() {
        return Map.copyOf(counts);
    }

    public int count(String controlId) {
        return counts.getOrDefault(controlId, 0);
    }

    /** MSH-10 of every message in arrival order, resends included. */
    public List<String> order() {
        return List.copyOf(order);
    }

    /** Every message as it arrived (UTF-8 bytes of the MLLP block's text). */
    public List<byte[]> bodies() {
        return new ArrayList<>(bodies);
    }

    /** Every message as HAPI parsed it. */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** Forgets what was received and queued; the mode goes back to ACCEPT. */
    public void reset() {
        counts.clear();
        order.clear();
        bodies.clear();
        messages.clear();
        queued.clear();
        mode = Answer.ACCEPT;
    }

    @Override
    public void close() {
        stop();
        try {
            hapi.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            threads.shutdownNow();
        }
    }

    private final class Application implements ReceivingApplication<Message> {

        @Override
        public Message processMessage(Message message, Map<String, Object> metadata) throws HL7Exception {
            String controlId = new Terser(message).get("/MSH-10");
            Object raw = metadata.get(ApplicationRouterImpl.RAW_MESSAGE_KEY);
            bodies.add(raw == null ? message.encode().getBytes(StandardCharsets.UTF_8)
                    : raw.toString().getBytes(StandardCharsets.UTF_8));
            messages.add(message);
            order.add(controlId);
            counts.merge(controlId, 1, Integer::sum);
            Answer answer = queued.poll();
            if (answer == null) {
                answer = mode;
            }
            try {
                switch (answer) {
                    case ERROR:
                        return message.generateACK(AcknowledgmentCode.AE,
                                new HL7Exception("document store unavailable, please resend"));
                    case REFUSE:
                        return message.generateACK(AcknowledgmentCode.AR,
                                new HL7Exception("no patient for this document in this hospital"));
                    case FOREIGN:
                        Message ack = message.generateACK();
                        new Terser(ack).set("/MSA-2", "SOMEONE-ELSES-ID");
                        return ack;
                    case SILENT:
                        TimeUnit.MILLISECONDS.sleep(silentMillis);
                        return message.generateACK();
                    default:
                        return message.generateACK();
                }
            } catch (IOException e) {
                throw new HL7Exception(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HL7Exception(e);
            }
        }

        @Override
        public boolean canProcess(Message message) {
            return true;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
