package it.pis.gateway.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Wraps an outgoing message (an ACK) in an MLLP block. Stateless, so one instance serves every connection. */
@ChannelHandler.Sharable
public class MllpFrameEncoder extends MessageToByteEncoder<byte[]> {

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[] message, ByteBuf out) {
        out.writeByte(MllpFrameDecoder.START_BLOCK);
        out.writeBytes(message);
        out.writeByte(MllpFrameDecoder.END_BLOCK);
        out.writeByte(MllpFrameDecoder.CARRIAGE_RETURN);
    }
}
