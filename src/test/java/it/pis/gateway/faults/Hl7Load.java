package it.pis.gateway.faults;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.it.HapiClients;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static it.pis.gateway.it.Hl7Fixtures.adtA04;

/**
 * Hospitals' engines sending ADT^A04 over MLLP with HAPI's own client, spread over the nodes: each
 * sender starts on one node and sends each message until it is acknowledged (AA). An AE ("not
 * stored, resend") is sent again to the same node after a pause; a connection that fails or an ACK
 * that does not come within the read timeout makes the sender resend the same message to the next
 * node, as a partner's engine with two addresses does.
 */
final class Hl7Load {

    /** An AA or AE and when it came. */
    record Answer(String messageId, String code, long atMillis) {
    }

    private static final long READ_TIMEOUT_SECONDS = 15;
    private static final long GIVE_UP_MILLIS = TimeUnit.MINUTES.toMillis(3);

    final String prefix;
    private final List<Integer> ports;
    private final int senders;
    private final int messages;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean stopped;
    private final CountDownLatch done;

    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger failovers = new AtomicInteger();
    final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    /** Each sender's acknowledged message ids, in the order it sent them (one connection at a time). */
    final Map<Integer, List<String>> acknowledgedBySender = new ConcurrentHashMap<>();
    final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    final Queue<String> rejected = new ConcurrentLinkedQueue<>();
    final Queue<String> unanswered = new ConcurrentLinkedQueue<>();

    /** {@code messages}: how many to send at most (the load also ends at {@link #stop}). */
    Hl7Load(String prefix, List<Integer> ports, int senders, int messages) {
        this.prefix = prefix;
        this.ports = ports;
        this.senders = senders;
        this.messages = messages;
        this.done = new CountDownLatch(senders);
    }

    Hl7Load start() {
        for (int s = 0; s < senders; s++) {
            int first = s % ports.size();
            List<String> inOrder = new ArrayList<>();
            acknowledgedBySender.put(s, inOrder);
            Thread thread = new Thread(() -> send(first, inOrder), "hl7-load-" + prefix + "-" + s);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    /** No new messages after this; those being sent are sent to the end. */
    void stop() {
        stopped = true;
    }

    boolean await(long seconds) throws InterruptedException {
        return done.await(seconds, TimeUnit.SECONDS);
    }

    long refusals() {
        return answers.stream().filter(a -> a.code().equals("AE")).count();
    }

    private void send(int firstNode, List<String> inOrder) {
        int node = firstNode;
        Connection connection = null;
        HapiContext hapi = HapiClients.context(Thread.currentThread().getName());
        try {
            int i;
            while (!stopped && (i = next.getAndIncrement()) < messages) {
                String id = prefix + i;
                String message = adtA04(id, "Guasto", "N" + i, null);
                sent.incrementAndGet();
                long giveUp = System.currentTimeMillis() + GIVE_UP_MILLIS;
                while (true) {
                    if (System.currentTimeMillis() > giveUp) {
                        unanswered.add(id);
                        break;
                    }
                    try {
                        if (connection == null) {
                            connection = hapi.newClient("127.0.0.1", ports.get(node), false);
                            connection.getInitiator().setTimeout(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        }
                        Terser ack = new Terser(connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(message)));
                        String code = ack.get("/MSA-1");
                        long now = System.currentTimeMillis();
                        if ("AA".equals(code)) {
                            acknowledged.put(id, now);
                            inOrder.add(id);
                            answers.add(new Answer(id, code, now));
                            break;
                        }
                        if ("AE".equals(code)) {
                            answers.add(new Answer(id, code, now));
                            Thread.sleep(250);
                            continue;
                        }
                        rejected.add(id + " " + code + " " + ack.get("/MSA-3"));
                        break;
                    } catch (HL7Exception | LLPException | IOException e) {
                        failovers.incrementAndGet();
                        close(hapi, connection);
                        connection = null;
                        node = (node + 1) % ports.size();
                        Thread.sleep(100);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(hapi, connection);
            HapiClients.close(hapi);
            done.countDown();
        }
    }

    /** Drops a connection for good (HAPI's hub would otherwise hand the same one out again). */
    static void close(HapiContext hapi, Connection connection) {
        if (connection != null) {
            try {
                hapi.getConnectionHub().discard(connection);
            } catch (RuntimeException alreadyBroken) {
                // the node died under it
            }
        }
    }
}
