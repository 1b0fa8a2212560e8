package it.pis.gateway.journal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import it.pis.gateway.health.OutageLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Group commit: journal writes from many connections are run by one writer thread, as many as are
 * waiting in one transaction, and each caller returns only once that transaction has committed.
 * The database then syncs once per batch instead of once per message, which is what bounded
 * throughput (H2 serialises every commit). A batch that fails is retried one write per
 * transaction, so one bad write (a concurrent duplicate, say) never fails its neighbours.
 */
public class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    static final String OUTAGE_CONSEQUENCE = "messages are refused as not stored (AE, 503), partners resend;"
            + " nothing already acknowledged is affected";

    private record Write<T>(Supplier<T> work, CompletableFuture<T> done) {
    }

    private final BlockingQueue<Write<?>> queue;
    private final TransactionTemplate tx;
    private final int maxBatch;
    private final long timeoutMillis;
    private final Thread writer;
    private final Timer commitTime;
    private final DistributionSummary batchSize;
    private final OutageLog outage;
    private volatile boolean running = true;

    public GroupCommit(TransactionTemplate tx, int maxBatch, int maxWaiting, long timeoutMillis) {
        this(tx, maxBatch, maxWaiting, timeoutMillis, new CompositeMeterRegistry(),
                new OutageLog(log, "journal database", Clock.systemUTC(), Duration.ofMinutes(5)));
    }

    /**
     * With {@code pis.journal.commit} (time of each batch's transaction) and {@code pis.journal.commit.batch}
     * (writes per batch); an outage of the database is logged once per state change in {@code outage}.
     */
    public GroupCommit(TransactionTemplate tx, int maxBatch, int maxWaiting, long timeoutMillis, MeterRegistry meters,
                       OutageLog outage) {
        this.outage = outage;
        this.commitTime = Timer.builder("pis.journal.commit").description("time of one group-commit transaction")
                .publishPercentileHistogram().register(meters);
        this.batchSize = DistributionSummary.builder("pis.journal.commit.batch")
                .description("journal writes committed together").register(meters);
        this.tx = tx;
        this.maxBatch = maxBatch;
        this.timeoutMillis = timeoutMillis;
        this.queue = new LinkedBlockingQueue<>(maxWaiting);
        this.writer = new Thread(this::writeLoop, "journal-group-commit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Runs {@code work} inside a journal transaction and returns its result once committed. */
    public <T> T write(Supplier<T> work) {
        Write<T> write = new Write<>(work, new CompletableFuture<>());
        try {
            if (!running || !queue.offer(write, timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new DataAccessResourceFailureException("journal is not taking writes (stopped or "
                        + queue.size() + " writes waiting)");
            }
            return write.done().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw asJournalFailure(e.getCause());
        } catch (TimeoutException e) {
            throw new DataAccessResourceFailureException("journal commit took longer than " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("interrupted while waiting for the journal");
        }
    }

    /**
     * A transaction that cannot begin, commit or roll back (the database cut off, its pool empty) is
     * the journal being unavailable, as a DataAccessResourceFailureException: callers answer "journal
     * unavailable, NOT stored, please resend" on that, never "internal error".
     */
    static RuntimeException asJournalFailure(Throwable failure) {
        if (failure instanceof TransactionException transaction) {
            return new DataAccessResourceFailureException("journal unavailable: " + transaction.getMessage(), transaction);
        }
        return failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
    }

    /** A failure of the database itself (not of one write, such as a duplicate key). */
    static boolean isOutage(Throwable failure) {
        return failure instanceof TransactionException || failure instanceof DataAccessResourceFailureException;
    }

    private void writeLoop() {
        List<Write<?>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Write<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                running = false;
            } catch (RuntimeException | Error e) {
                log.error("journal writer failed a batch of {}", batch.size(), e);
                batch.forEach(w -> w.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Write<?>> batch) {
        List<Object> results;
        batchSize.record(batch.size());
        try {
            results = commitTime.record(() -> tx.execute(status -> {
                List<Object> out = new ArrayList<>(batch.size());
                batch.forEach(w -> out.add(w.work().get()));
                return out;
            }));
            outage.up();
        } catch (RuntimeException batchFailed) {
            if (isOutage(batchFailed)) {
                // the database itself: every write would fail the same way, so none is retried alone
                outage.down(batchFailed, OUTAGE_CONSEQUENCE);
                batch.forEach(w -> w.done().completeExceptionally(batchFailed));
                return;
            }
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(batchFailed);
            } else {
                batch.forEach(this::commitAlone);
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    private <T> void commitAlone(Write<T> write) {
        try {
            write.done().complete(tx.execute(status -> write.work().get()));
        } catch (RuntimeException e) {
            write.done().completeExceptionally(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Write<T> write, Object result) {
        write.done().complete((T) result);
    }

    /** Stops taking writes, commits what is waiting, then ends the writer. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(30));
    }
}
