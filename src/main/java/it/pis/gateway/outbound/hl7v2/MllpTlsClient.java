package it.pis.gateway.outbound.hl7v2;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.apache.camel.component.netty.ChannelHandlerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * TLS for mllps:// deliveries, first in each connection's netty pipeline: when the connection is
 * opened it puts an {@link SslHandler} in its own place whose engine knows the host being connected
 * to, so the receiver's certificate is checked against that name (HTTPS-style endpoint
 * identification), and which presents the gateway's certificate ({@code OutboundTls}). camel-netty's
 * own {@code ssl=true&hostnameVerification=true} makes its engine without the peer's name and then
 * refuses every certificate ("Hostname or IP address is undefined").
 */
public class MllpTlsClient extends ChannelHandlerAdapter implements ChannelHandlerFactory {

    private final SSLContext context;

    public MllpTlsClient(SSLContext context) {
        this.context = context;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new Initializer();
    }

    private final class Initializer extends ChannelOutboundHandlerAdapter {

        @Override
        public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            InetSocketAddress peer = (InetSocketAddress) remote;
            SSLEngine engine = context.createSSLEngine(peer.getHostString(), peer.getPort());
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
            ctx.pipeline().replace(this, "mllp-tls", new SslHandler(engine));
            ctx.pipeline().addAfter("mllp-tls", "mllp-tls-failure", new HandshakeFailure());
            ctx.connect(remote, local, promise);
        }
    }

    /**
     * Reports a failed handshake (a certificate for another name, say) as soon as netty knows, before
     * the connection closes: camel-netty otherwise first sees the close and answers "no response",
     * and the handshake error arriving after it lands on an exchange that is already done.
     */
    private static final class HandshakeFailure extends ChannelInboundHandlerAdapter {

        private boolean reported;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess() && !reported) {
                reported = true;
                ctx.fireExceptionCaught(completion.cause());
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        @SuppressWarnings("deprecation")
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!reported) {
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}
