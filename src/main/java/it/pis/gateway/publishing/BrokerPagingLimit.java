package it.pis.gateway.publishing;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.util.unit.DataSize;

/**
 * The embedded broker keeps at most {@code pis.broker.max-size-bytes} of each address's messages in
 * memory and pages the rest to its data directory (address-full-policy PAGE), so a queue nobody
 * consumes ({@code pis.reports} in the embedded default) grows the disk, never the heap. Sends are
 * neither refused nor blocked: the report stays journaled before the ACK and published after it, as
 * before. Applies to every address ({@code #}), keeping what Spring Boot already set there (dead
 * letter and expiry addresses). Used only by the embedded broker; an external broker has its own.
 */
final class BrokerPagingLimit implements ArtemisConfigurationCustomizer {

    static final String EVERY_ADDRESS = "#";

    private final DataSize maxSize;

    BrokerPagingLimit(DataSize maxSize) {
        if (maxSize.toBytes() <= 0) {
            throw new IllegalArgumentException("pis.broker.max-size-bytes must be positive, not " + maxSize);
        }
        this.maxSize = maxSize;
    }

    @Override
    public void customize(Configuration configuration) {
        AddressSettings settings = configuration.getAddressSettings().get(EVERY_ADDRESS);
        if (settings == null) {
            settings = new AddressSettings();
            configuration.addAddressSetting(EVERY_ADDRESS, settings);
        }
        settings.setMaxSizeBytes(maxSize.toBytes())
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE);
    }
}
