package it.pis.gateway.console;

import it.pis.gateway.journal.ReportStored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.IContext;
import org.thymeleaf.TemplateSpec;

import java.io.Writer;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake thread's side of the live feed: announcing a stored report never waits for rendering
 * or sending, even when the feed's thread is stuck and its queue is full.
 */
class ReportFeedTest {

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void announcingNeverWaitsForTheFeedEvenWhenItIsStuck() throws Exception {
        StuckTemplates stuck = new StuckTemplates(LiveRowsTest.templates(LiveRowsTest.messages()));
        try (ReportFeed feed = new ReportFeed(LiveRowsTest.liveRows(stuck), new ConsoleTime("Europe/Rome",
                java.time.Clock.systemUTC()))) {
            feed.subscribe(InboxFilter.NONE, Locale.ITALIAN, "");

            feed.stored(new ReportStored(LiveRowsTest.report("ospedale-san-carlo")));
            assertThat(stuck.entered.await(30, TimeUnit.SECONDS)).as("the feed's thread started rendering").isTrue();
            for (int i = 0; i < 5_000; i++) {
                feed.stored(new ReportStored(LiveRowsTest.report("ospedale-san-carlo")));
            }

            assertThat(stuck.release.getCount()).as("5,000 announcements returned while the feed was stuck").isEqualTo(1);
            assertThat(stuck.renders.get()).isEqualTo(1);
            stuck.release.countDown();
        }
    }

    /** The real templates, behind a door the test opens: the first render waits until released. */
    private static final class StuckTemplates implements ITemplateEngine {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger renders = new AtomicInteger();
        private final ITemplateEngine real;

        StuckTemplates(ITemplateEngine real) {
            this.real = real;
        }

        private void door() {
            renders.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public org.thymeleaf.IEngineConfiguration getConfiguration() {
            return real.getConfiguration();
        }

        @Override
        public String process(String template, IContext context) {
            door();
            return real.process(template, context);
        }

        @Override
        public String process(String template, Set<String> selectors, IContext context) {
            door();
            return real.process(template, selectors, context);
        }

        @Override
        public String process(TemplateSpec spec, IContext context) {
            door();
            return real.process(spec, context);
        }

        @Override
        public void process(String template, IContext context, Writer writer) {
            door();
            real.process(template, context, writer);
        }

        @Override
        public void process(String template, Set<String> selectors, IContext context, Writer writer) {
            door();
            real.process(template, selectors, context, writer);
        }

        @Override
        public void process(TemplateSpec spec, IContext context, Writer writer) {
            door();
            real.process(spec, context, writer);
        }

        @Override
        public org.thymeleaf.IThrottledTemplateProcessor processThrottled(String template, IContext context) {
            return real.processThrottled(template, context);
        }

        @Override
        public org.thymeleaf.IThrottledTemplateProcessor processThrottled(String template, Set<String> selectors, IContext context) {
            return real.processThrottled(template, selectors, context);
        }

        @Override
        public org.thymeleaf.IThrottledTemplateProcessor processThrottled(TemplateSpec spec, IContext context) {
            return real.processThrottled(spec, context);
        }
    }
}
