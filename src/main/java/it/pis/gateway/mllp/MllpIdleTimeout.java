package it.pis.gateway.mllp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.apache.camel.component.netty.ChannelHandlerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes an MLLP connection on which nothing has arrived for {@code timeout}: an idle engine's
 * connection, or one left with half a frame (the sender died or stalls). HL7 engines reconnect when
 * they next have something to send. A fresh handler per connection (camel-netty asks this factory).
 */
public class MllpIdleTimeout extends ChannelHandlerAdapter implements ChannelHandlerFactory {

    private static final Logger log = LoggerFactory.getLogger(MllpIdleTimeout.class);

    private final Duration timeout;

    public MllpIdleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("pis.mllp.idle-timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new IdleStateHandler(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS) {
            @Override
            protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
                log.info("MLLP connection from {} closed: nothing received for {} (pis.mllp.idle-timeout)",
                        ctx.channel().remoteAddress(), timeout);
                ctx.close();
            }
        };
    }
}
