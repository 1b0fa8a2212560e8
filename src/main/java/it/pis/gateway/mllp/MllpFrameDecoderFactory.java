package it.pis.gateway.mllp;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import org.apache.camel.component.netty.ChannelHandlerFactory;

/** Gives camel-netty a fresh (stateful) decoder for each connection. */
public class MllpFrameDecoderFactory extends ChannelHandlerAdapter implements ChannelHandlerFactory {

    private final int maxFrameBytes;

    public MllpFrameDecoderFactory(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new MllpFrameDecoder(maxFrameBytes);
    }
}
