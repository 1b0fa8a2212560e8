package it.pis.gateway.mllp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code max} open connections per listener (counted by the listening port, so one instance
 * serves both MLLP listeners): a connection beyond the cap is closed as soon as it opens, before a
 * byte of it is read, while the connections already open go on. Stops one partner's engine (or a
 * scan, or a flood of half-sent frames) from taking every socket and thread of the listener.
 */
@ChannelHandler.Sharable
public class MllpConnectionLimit extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MllpConnectionLimit.class);

    private final int max;
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Map<Integer, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong();

    public MllpConnectionLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("pis.mllp.max-connections must be at least 1, not " + max);
        }
        this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int now = counter(ctx).incrementAndGet();
        if (now > max) {
            long refusedSoFar = refused.incrementAndGet();
            long at = System.nanoTime();
            long last = lastLogged.get();
            // one line a minute at most: a flood of connections must not become a flood of log lines
            if ((last == 0 || at - last >= LOG_INTERVAL_NANOS) && lastLogged.compareAndSet(last, at)) {
                log.warn("MLLP connection from {} to port {} refused: {} connections open, the cap is {}"
                        + " (pis.mllp.max-connections); {} refused since start", remote(ctx), port(ctx), now - 1, max,
                        refusedSoFar);
            }
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        counter(ctx).decrementAndGet();
        super.channelInactive(ctx);
    }

    /** Open connections on the listener of {@code port}, the one being refused included while it closes. */
    public int open(int port) {
        AtomicInteger count = open.get(port);
        return count == null ? 0 : count.get();
    }

    private AtomicInteger counter(ChannelHandlerContext ctx) {
        return open.computeIfAbsent(port(ctx), p -> new AtomicInteger());
    }

    private static int port(ChannelHandlerContext ctx) {
        SocketAddress local = ctx.channel().localAddress();
        return local instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    private static Object remote(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : remote;
    }
}
