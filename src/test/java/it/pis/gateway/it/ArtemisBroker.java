package it.pis.gateway.it;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Artemis broker on a TCP port of its own, outside the gateway (as in the production
 * profile), that a test can stop and start again on the same port and the same persistent journal.
 */
public final class ArtemisBroker {

    private final int port = FreePorts.next();
    private final Path data;
    private EmbeddedActiveMQ server;
    private long blockWhenFullAt = -1;

    public ArtemisBroker() {
        try {
            data = Files.createTempDirectory("pis-artemis-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The URL of a client that reconnects for ever, as a failover set-up does. */
    public String reconnectingUrl() {
        return url() + "?reconnectAttempts=-1";
    }

    /**
     * From the next start, a send to pis.reports waits once the queue holds {@code bytes}, until a
     * consumer makes room (Artemis' BLOCK policy): a broker that does not answer a send.
     */
    public ArtemisBroker blockingWhenFullAt(long bytes) {
        blockWhenFullAt = bytes;
        return this;
    }

    public synchronized ArtemisBroker start() {
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large").toString())
                .addQueueConfiguration(QueueConfiguration.of("pis.reports").setRoutingType(RoutingType.ANYCAST));
        if (blockWhenFullAt > 0) {
            config.addAddressSetting("pis.reports", new AddressSettings().setMaxSizeBytes(blockWhenFullAt)
                    .setAddressFullMessagePolicy(AddressFullMessagePolicy.BLOCK));
        }
        try {
            config.addAcceptorConfiguration("tcp", url());
            server = new EmbeddedActiveMQ().setConfiguration(config);
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test broker on " + url(), e);
        }
        return this;
    }

    public synchronized void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the test broker", e);
        }
    }
}
