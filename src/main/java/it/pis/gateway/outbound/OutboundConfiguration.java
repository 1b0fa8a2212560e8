package it.pis.gateway.outbound;

import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.handover.HandoverDocument;
import it.pis.gateway.journal.DeliveryQueue;
import it.pis.gateway.journal.HandoverJournal;
import it.pis.gateway.journal.ReportStore;
import it.pis.gateway.policy.Minimization;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

@Configuration(proxyBeanMethods = false)
class OutboundConfiguration {

    @Bean
    Minimization minimization() {
        return new Minimization();
    }

    @Bean
    OutboundAgreementCheck outboundAgreementCheck() {
        return new OutboundAgreementCheck();
    }

    /** The sending centre as recipients see it (pis.centre.*): name, IPA codes, certified mail address. */
    @Bean
    HandoverDocument.Party centre(@Value("${pis.centre.id}") String id, @Value("${pis.centre.name}") String name,
                                  @Value("${pis.centre.ipa-code}") String ipa, @Value("${pis.centre.aoo-code}") String aoo,
                                  @Value("${pis.centre.registry-code}") String registry,
                                  @Value("${pis.centre.email}") String email) {
        return new HandoverDocument.Party(id, name, "pis-centre", ipa, aoo, registry, email);
    }

    @Bean
    OutboundEndpoints outboundEndpoints(Environment environment) {
        return new OutboundEndpoints(Binder.get(environment)
                .bind("pis.outbound.endpoints", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
    }

    @Bean
    RetrySchedule defaultRetrySchedule(@Value("${pis.outbound.retry.attempts}") int attempts,
                                       @Value("${pis.outbound.retry.first-delay}") Duration first,
                                       @Value("${pis.outbound.retry.max-delay}") Duration max) {
        return new RetrySchedule(attempts, first, max);
    }

    @Bean
    RecipientCircuits recipientCircuits(@Value("${pis.outbound.circuit.failures}") int failures,
                                        @Value("${pis.outbound.circuit.open-for}") Duration openFor) {
        return new RecipientCircuits(failures, openFor);
    }

    @Bean
    DeliveryOutcomes deliveryOutcomes(DeliveryQueue queue, AgreementRegistry agreements, RecipientCircuits circuits,
                                      RetrySchedule defaultRetrySchedule, Clock clock, MeterRegistry meters) {
        return new DeliveryOutcomes(queue, agreements, circuits, defaultRetrySchedule, clock, meters);
    }

    /** One thread per recipient being delivered to; a recipient waiting on a slow partner holds only its own. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService deliveryWorkers(@Value("${pis.outbound.workers}") int workers) {
        return new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new CustomizableThreadFactory("delivery-"));
    }

    /** Wake-ups after a new handover: at most one pending, the rest coalesce into it. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService deliveryWakeups() {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                new CustomizableThreadFactory("delivery-wakeup-"), new ThreadPoolExecutor.AbortPolicy());
    }

    @Bean
    DeliveryDispatcher deliveryDispatcher(DeliveryQueue queue, AgreementRegistry agreements, OutboundEndpoints endpoints,
                                          DeliveryOutcomes outcomes, RecipientCircuits circuits,
                                          @Lazy ProducerTemplate producerTemplate, ExecutorService deliveryWorkers,
                                          ExecutorService deliveryWakeups, @Value("${pis.node-id:}") String nodeId,
                                          @Value("${pis.outbound.lease}") Duration lease,
                                          @Value("${pis.outbound.batch}") int batch, Clock clock) {
        return new DeliveryDispatcher(queue, agreements, endpoints, outcomes, circuits, producerTemplate,
                deliveryWorkers, deliveryWakeups, nodeId.isBlank() ? hostName() : nodeId, lease, batch, clock);
    }

    @Bean
    Deadlines deadlines(DeliveryQueue queue, Clock clock) {
        return new Deadlines(queue, clock);
    }

    @Bean
    Handovers handovers(AgreementRegistry agreements, ReportStore reports, Minimization minimization,
                        ObjectProvider<HandoverRenderer> renderers, HandoverJournal journal, OutboundEndpoints endpoints,
                        HandoverDocument.Party centre,
                        @Value("${pis.handover.max-attachment-bytes}") long maxAttachmentBytes, Clock clock,
                        DeliveryDispatcher dispatcher) {
        return new Handovers(agreements, reports, minimization,
                renderers.orderedStream().collect(Collectors.toMap(HandoverRenderer::format, Function.identity())), journal,
                endpoints, centre, maxAttachmentBytes, clock, dispatcher::wake);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "pis-gateway";
        }
    }
}
