package it.pis.gateway.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits a TCP stream into MLLP blocks ({@code <VT> message <FS><CR>}). Written for this gateway
 * because camel-mllp up to 4.22.0 drops all but the first of several blocks that arrive in one read
 * (CAMEL-24668): Netty calls {@link #decode} again while bytes remain, so every pipelined block is
 * emitted, in order. Bytes outside a block are skipped. A block larger than the limit is not
 * buffered: its first bytes are kept (to answer the sender with a proper ACK) and the rest dropped.
 */
public class MllpFrameDecoder extends ByteToMessageDecoder {

    public static final byte START_BLOCK = 0x0B;
    public static final byte END_BLOCK = 0x1C;
    public static final byte CARRIAGE_RETURN = 0x0D;
    /** What is kept of an oversized block: the MSH and more. */
    static final int OVERSIZED_HEAD = 4096;

    private final int maxFrameBytes;
    private boolean inBlock;
    /**
     * How many bytes after the reader index were already searched for the end of the block. Relative,
     * not an absolute index: between two calls Netty may move the unread bytes to a new or compacted buffer.
     */
    private int scanned;
    private byte[] oversizedHead;
    private long oversizedCount;

    public MllpFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!inBlock) {
            int start = in.indexOf(in.readerIndex(), in.writerIndex(), START_BLOCK);
            if (start < 0) {
                in.skipBytes(in.readableBytes());
                return;
            }
            in.readerIndex(start + 1);
            inBlock = true;
            scanned = 0;
        }
        int end = findEnd(in);
        if (end < 0) {
            scanned = Math.max(0, in.readableBytes() - 1);
            if (in.readableBytes() > maxFrameBytes) {
                discardOversized(in, in.readableBytes() - 1);
            }
            return;
        }
        int length = end - in.readerIndex();
        if (oversizedHead != null || length > maxFrameBytes) {
            discardOversized(in, length);
            in.skipBytes(2);
            out.add(new MllpFrame(oversizedHead, true, oversizedCount));
            oversizedHead = null;
            oversizedCount = 0;
        } else {
            byte[] payload = new byte[length];
            in.readBytes(payload);
            in.skipBytes(2);
            out.add(new MllpFrame(payload, false, length));
        }
        inBlock = false;
    }

    private int findEnd(ByteBuf in) {
        int from = in.readerIndex() + scanned;
        while (true) {
            int fs = in.indexOf(from, in.writerIndex(), END_BLOCK);
            if (fs < 0 || fs + 1 >= in.writerIndex()) {
                return -1;
            }
            if (in.getByte(fs + 1) == CARRIAGE_RETURN) {
                return fs;
            }
            from = fs + 1;
        }
    }

    private void discardOversized(ByteBuf in, int bytes) {
        if (oversizedHead == null) {
            oversizedHead = new byte[Math.min(OVERSIZED_HEAD, bytes)];
            in.getBytes(in.readerIndex(), oversizedHead);
        }
        oversizedCount += bytes;
        in.skipBytes(bytes);
        scanned = 0;
    }
}
