package it.pis.gateway.outbound;

import it.pis.gateway.agreement.Outbound;

import java.time.Duration;

/**
 * Exponential backoff from an agreement's {@code outbound.retry}: the n-th retry waits
 * {@code firstDelay × 2^(n-1)}, never more than {@code maxDelay}; after {@code attempts} attempts
 * the delivery is DEAD. What the agreement leaves out comes from {@code pis.outbound.retry}.
 */
public record RetrySchedule(int attempts, Duration firstDelay, Duration maxDelay) {

    public static RetrySchedule of(Outbound outbound, RetrySchedule defaults) {
        Outbound.Retry retry = outbound == null ? null : outbound.retry();
        if (retry == null) {
            return defaults;
        }
        return new RetrySchedule(retry.attempts() == null ? defaults.attempts : retry.attempts(),
                retry.firstDelay() == null ? defaults.firstDelay : Duration.parse(retry.firstDelay()),
                retry.maxDelay() == null ? defaults.maxDelay : Duration.parse(retry.maxDelay()));
    }

    /** Whether another attempt follows the {@code attemptsMade}-th. */
    public boolean another(int attemptsMade) {
        return attemptsMade < attempts;
    }

    /** How long to wait after the {@code attemptsMade}-th attempt failed. */
    public Duration delayAfter(int attemptsMade) {
        int doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 || delay.isNegative() ? maxDelay : delay;
    }
}
