package it.pis.gateway.console;

import it.pis.gateway.journal.ReportStored;
import it.pis.gateway.report.Report;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inbox's live stream: every open inbox subscribes (server-sent events) and gets each new
 * report's row, rendered in its own language, as soon as the report is durably stored. The intake
 * thread only hands the report to a bounded queue; one thread renders and sends, so a slow browser
 * never slows a partner's ACK. When the queue is full a row is dropped (logged): the page shows it
 * at the next load.
 */
@Component
public class ReportFeed implements AutoCloseable {

    static final String ROW_EVENT = "report";
    static final String ANNOUNCE_EVENT = "announce";
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(ReportFeed.class);

    private record Subscriber(SseEmitter emitter, InboxFilter filter, Locale locale, String base) {
    }

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000), r -> daemon(r, "console-report-feed"), (r, pool) -> {
                // one line per thousand, not one per report: a burst must not flood the log
                if (dropped.getAndIncrement() % 1_000 == 0) {
                    log.warn("console feed behind: {} new reports' rows not pushed so far (they show at the next page load)",
                            dropped.get());
                }
            });
    /** A comment now and then, so that a browser gone away is noticed and proxies keep the stream open. */
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "console-report-feed-heartbeat"));
    private final LiveRows rows;
    private final ConsoleTime time;

    public ReportFeed(LiveRows rows, ConsoleTime time) {
        this.rows = rows;
        this.time = time;
        heartbeat.scheduleAtFixedRate(this::beat, 20, 20, TimeUnit.SECONDS);
    }

    /** A new stream for one inbox page; {@code base} is the servlet context path its links start with. */
    public SseEmitter subscribe(InboxFilter filter, Locale locale, String base) {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Subscriber subscriber = new Subscriber(emitter, filter, locale, base);
        subscribers.add(subscriber);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(e -> subscribers.remove(subscriber));
        // tells the browser (and a test) that from now on new reports are pushed
        send(subscriber, SseEmitter.event().comment("subscribed"));
        return emitter;
    }

    @EventListener
    public void stored(ReportStored event) {
        if (!subscribers.isEmpty()) {
            sender.execute(() -> push(event.report()));
        }
    }

    private void push(Report report) {
        Map<String, String> rendered = new HashMap<>();
        for (Subscriber subscriber : subscribers) {
            if (!subscriber.filter().admits(report, time.now())) {
                continue;
            }
            String language = subscriber.locale().toLanguageTag();
            String row = rendered.computeIfAbsent("row " + language + " " + subscriber.base(),
                    k -> rows.row(report, subscriber.locale(), subscriber.base()));
            String announcement = rendered.computeIfAbsent("announcement " + language,
                    k -> rows.announcement(report, subscriber.locale()));
            if (send(subscriber, SseEmitter.event().name(ROW_EVENT).id(report.id().toString()).data(row))) {
                send(subscriber, SseEmitter.event().name(ANNOUNCE_EVENT).data(announcement));
            }
        }
    }

    private void beat() {
        subscribers.forEach(s -> send(s, SseEmitter.event().comment("")));
    }

    private boolean send(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
        try {
            subscriber.emitter().send(event);
            return true;
        } catch (IOException | IllegalStateException gone) {
            // the container ends the stream itself (onError / onCompletion)
            subscribers.remove(subscriber);
            return false;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        sender.shutdownNow();
        subscribers.forEach(s -> s.emitter().complete());
    }
}
