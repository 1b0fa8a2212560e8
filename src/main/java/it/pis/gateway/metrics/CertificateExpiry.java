package it.pis.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.InboundChannel;
import it.pis.gateway.crypto.CertificateFiles;
import it.pis.gateway.crypto.GatewayKeys;
import it.pis.gateway.crypto.Pem;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code pis.certificate.expiry} (days, negative once expired) of the gateway's own certificate and
 * of every partner certificate an agreement names, tagged with the file, the partner and its use
 * ({@code gateway}, {@code inbound}: what the partner presents and signs with, {@code outbound}:
 * what handovers are encrypted to). The files are read again at most once per {@code maxAge},
 * so a replaced certificate or a reloaded agreement shows up without a restart.
 */
public class CertificateExpiry {

    /** One certificate in use, and when it expires (null when the file cannot be read). */
    public record InUse(String file, String partner, String use, Instant notAfter) {
    }

    private final GatewayKeys gateway;
    private final AgreementRegistry agreements;
    private final CertificateFiles files;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration maxAge;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<String, InUse> snapshot = Map.of();
    private volatile Instant readAt = Instant.MIN;

    public CertificateExpiry(GatewayKeys gateway, AgreementRegistry agreements, CertificateFiles files, MeterRegistry meters,
                             Clock clock, Duration maxAge) {
        this.gateway = gateway;
        this.agreements = agreements;
        this.files = files;
        this.meters = meters;
        this.clock = clock;
        this.maxAge = maxAge;
        current();
    }

    /** Every certificate in use, keyed by use/partner/file. */
    public Map<String, InUse> current() {
        Instant now = clock.instant();
        if (readAt.plus(maxAge).isBefore(now)) {
            synchronized (this) {
                if (readAt.plus(maxAge).isBefore(now)) {
                    Map<String, InUse> fresh = new LinkedHashMap<>();
                    put(fresh, new InUse(gateway.certificateFile().getFileName().toString(), "pis-gateway", "gateway",
                            gateway.certificate().getNotAfter().toInstant()));
                    for (Agreement a : agreements.current().all()) {
                        for (InboundChannel in : a.inbound()) {
                            read(fresh, in.identity().get("certificate"), a.id(), "inbound");
                        }
                        if (a.outbound() != null) {
                            read(fresh, a.outbound().certificate(), a.id(), "outbound");
                        }
                    }
                    snapshot = fresh;
                    readAt = now;
                    fresh.forEach(this::register);
                }
            }
        }
        return snapshot;
    }

    private void read(Map<String, InUse> into, String name, String partner, String use) {
        if (name == null) {
            return;
        }
        Path file = files.resolve(name);
        Instant notAfter;
        try {
            X509Certificate certificate = Pem.readCertificate(file);
            notAfter = certificate.getNotAfter().toInstant();
        } catch (Exception unreadable) {
            notAfter = null;
        }
        put(into, new InUse(name, partner, use, notAfter));
    }

    private static void put(Map<String, InUse> into, InUse c) {
        into.put(c.use() + "/" + c.partner() + "/" + c.file(), c);
    }

    private void register(String key, InUse c) {
        if (!registered.add(key)) {
            return;
        }
        Gauge.builder("pis.certificate.expiry", () -> {
                    InUse now = current().get(key);
                    return now == null || now.notAfter() == null ? Double.NaN
                            : Duration.between(clock.instant(), now.notAfter()).toMinutes() / 1440.0;
                })
                .description("days until the certificate expires (negative: expired; NaN: unreadable or no longer used)")
                .baseUnit("days").tag("certificate", c.file()).tag("partner", c.partner()).tag("use", c.use())
                .register(meters);
    }
}
