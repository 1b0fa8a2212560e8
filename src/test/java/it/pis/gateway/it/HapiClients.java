package it.pis.gateway.it;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** HAPI contexts for the load generators (benchmark, fault suite) that send to the gateway as a partner would. */
public final class HapiClients {

    private HapiClients() {
    }

    /**
     * A context with daemon threads of its own, named {@code threadName}, without validation, as a
     * sending system runs it. Threads of its own: closing a context that uses HAPI's shared default
     * executor shuts that executor down for every context in the JVM (HAPI 2.6.0), which stalls the
     * other connections until their timeout.
     */
    public static HapiContext context(String threadName) {
        ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        HapiContext hapi = new DefaultHapiContext(threads);
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        hapi.getParserConfiguration().setValidating(false);
        // the default generator of ACK control ids keeps a file (id_file) in the working directory
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        // HAPI's MLLP default is US-ASCII, which would turn "Cantù" into "Cant?" (MSH-18 says 8859/1)
        hapi.getLowerLayerProtocol().setCharset(StandardCharsets.ISO_8859_1);
        return hapi;
    }

    /** Closes the context's connections and stops its threads; a connection already gone is no error. */
    public static void close(HapiContext hapi) {
        try {
            hapi.close();
        } catch (IOException | RuntimeException alreadyGone) {
            // nothing left to send on it
        }
        hapi.getExecutorService().shutdownNow();
    }
}
