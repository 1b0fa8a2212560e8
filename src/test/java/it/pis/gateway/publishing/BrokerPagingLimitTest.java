package it.pis.gateway.publishing;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.artemis.autoconfigure.ArtemisAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker as Spring Boot starts it (persistent, its own data directory) with
 * {@link BrokerPagingLimit}: a queue nobody consumes that receives more than the limit pages to disk,
 * and every message is still there; what Spring Boot sets on every address stays.
 */
class BrokerPagingLimitTest {

    private static final String QUEUE = "pis.reports";
    private static final int MESSAGES = 300;
    private static final String BODY_4K = "x".repeat(4096);

    @TempDir
    Path data;

    private ApplicationContextRunner brokerWithLimit(String limit) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ArtemisAutoConfiguration.class))
                .withBean(BrokerPagingLimit.class, () -> new BrokerPagingLimit(DataSize.parse(limit)))
                .withPropertyValues("spring.artemis.mode=embedded", "spring.artemis.embedded.persistent=true",
                        "spring.artemis.embedded.data-directory=" + data, "spring.artemis.embedded.queues=" + QUEUE);
    }

    @Test
    void aQueueNobodyConsumesPagesBeyondTheLimitAndKeepsEveryMessage() {
        brokerWithLimit("256KB").run(context -> {
            ActiveMQServer server = context.getBean(EmbeddedActiveMQ.class).getActiveMQServer();
            JmsTemplate jms = new JmsTemplate(context.getBean(ConnectionFactory.class));
            for (int i = 0; i < MESSAGES; i++) {   // 300 × 4 KiB ≈ 1.2 MiB, over 4 times the limit
                jms.convertAndSend(QUEUE, BODY_4K);
            }

            SimpleString address = SimpleString.of(QUEUE);
            assertThat(server.getPagingManager().getPageStore(address).isPaging()).isTrue();
            Queue queue = server.locateQueue(address);
            // the broker routes the last send after the client's call returns: wait for the count
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queue.getMessageCount()).isEqualTo(MESSAGES));
            assertThat(server.getPagingManager().getPageStore(address).getAddressSize())
                    .isLessThanOrEqualTo(DataSize.ofKilobytes(256).toBytes() + 2 * BODY_4K.length() * 2L);
        });
    }

    @Test
    void belowTheLimitTheQueueStaysInMemory() {
        brokerWithLimit("64MB").run(context -> {
            ActiveMQServer server = context.getBean(EmbeddedActiveMQ.class).getActiveMQServer();
            JmsTemplate jms = new JmsTemplate(context.getBean(ConnectionFactory.class));
            for (int i = 0; i < MESSAGES; i++) {
                jms.convertAndSend(QUEUE, BODY_4K);
            }

            SimpleString address = SimpleString.of(QUEUE);
            assertThat(server.getPagingManager().getPageStore(address).isPaging()).isFalse();
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(server.locateQueue(address).getMessageCount()).isEqualTo(MESSAGES));
        });
    }

    @Test
    void everyAddressPagesAtTheLimitAndKeepsSpringBootsDeadLetterAddress() {
        brokerWithLimit("64MB").run(context -> {
            AddressSettings settings = context.getBean(EmbeddedActiveMQ.class).getActiveMQServer()
                    .getAddressSettingsRepository().getMatch(QUEUE);
            assertThat(settings.getMaxSizeBytes()).isEqualTo(64L * 1024 * 1024);
            assertThat(settings.getAddressFullMessagePolicy()).isEqualTo(AddressFullMessagePolicy.PAGE);
            assertThat(String.valueOf(settings.getDeadLetterAddress())).isEqualTo("DLQ");
        });
    }

    @Test
    void aLimitOfZeroIsRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new BrokerPagingLimit(DataSize.ofBytes(0)))
                .withMessageContaining("pis.broker.max-size-bytes");
    }
}
