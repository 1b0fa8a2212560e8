package it.pis.gateway.outbound;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A circuit breaker per recipient (resilience4j): after {@code failures} failed attempts in a row
 * the recipient is left alone for {@code openFor}, then tried with one delivery. A receiver that
 * answers at all (even with a refusal) closes it. Meanwhile its deliveries wait without using up
 * attempts, and the dispatcher's workers serve the other recipients.
 */
public class RecipientCircuits {

    private final CircuitBreakerRegistry registry;

    public RecipientCircuits(int failures, Duration openFor) {
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    }

    /** Whether a delivery to the recipient may be attempted now (false while its circuit is open). */
    public boolean mayTry(String partnerId) {
        return registry.circuitBreaker(partnerId).tryAcquirePermission();
    }

    /** Gives back a permission taken by {@link #mayTry} that was not used. */
    public void unused(String partnerId) {
        registry.circuitBreaker(partnerId).releasePermission();
    }

    public void answered(String partnerId) {
        registry.circuitBreaker(partnerId).onSuccess(0, TimeUnit.NANOSECONDS);
    }

    public void failed(String partnerId, Throwable cause) {
        registry.circuitBreaker(partnerId).onError(0, TimeUnit.NANOSECONDS, cause);
    }

    /** CLOSED, OPEN or HALF_OPEN, for the staff API and health. */
    public CircuitBreaker.State state(String partnerId) {
        return registry.circuitBreaker(partnerId).getState();
    }
}
