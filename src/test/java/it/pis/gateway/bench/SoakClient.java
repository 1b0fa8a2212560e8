package it.pis.gateway.bench;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Initiator;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import it.pis.gateway.it.HapiClients;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** One MLLP connection sending ADT^A03 (a new MSH-10 each) until a deadline, counting AA and the rest. */
final class SoakClient implements Runnable {

    /** A discharge from the emergency department of San Carlo; MSH-10 and PID-3 change per message. */
    static final String ADT_A03 = String.join("\r",
            "MSH|^~\\&|PS-SANCARLO|OSPSANCARLO|PIS-GATEWAY|PIS|20260315223000+0100||ADT^A03^ADT_A03|TEMPLATE|P|2.5.1"
                    + "||||||8859/1",
            "EVN|A03|20260316080000",
            "PID|1||CNTNCL85C12F205P^^^MEF^NNITA~SC000000^^^OSPSANCARLO^PI||Cantù^Niccolò||19850312|M|||"
                    + "Via Padova 112^^Milano^MI^20127^ITA||||ita^italiano^ISO6392|||||||||||ITA^italiana^ISO3166",
            "PV1|1|E|PS^OBI^1^OSPSANCARLO" + "|".repeat(41) + "20260316080000",
            "");

    private final String idPrefix;
    private final int port;
    private final long until;
    private final LongAdder accepted;
    private final LongAdder other;

    SoakClient(String idPrefix, int port, long untilNanos, LongAdder accepted, LongAdder other) {
        this.idPrefix = idPrefix;
        this.port = port;
        this.until = untilNanos;
        this.accepted = accepted;
        this.other = other;
    }

    @Override
    public void run() {
        HapiContext hapi = HapiClients.context(MllpBenchmark.CLIENT_THREADS);
        try {
            Initiator initiator = hapi.newClient("127.0.0.1", port, false).getInitiator();
            initiator.setTimeout(30, TimeUnit.SECONDS);
            Message message = hapi.getPipeParser().parse(ADT_A03);
            Terser terser = new Terser(message);
            for (long seq = 1; System.nanoTime() < until; seq++) {
                terser.set("/MSH-10", idPrefix + seq);
                terser.set("/PID-3(1)-1", idPrefix + seq);
                Message ack = initiator.sendAndReceive(message);
                if ("AA".equals(new Terser(ack).get("/MSA-1"))) {
                    accepted.increment();
                } else {
                    other.increment();
                }
            }
        } catch (HL7Exception | LLPException | IOException e) {
            other.increment();
            System.out.println("  soak client " + idPrefix + " stopped: " + e);
        } finally {
            HapiClients.close(hapi);
        }
    }
}
