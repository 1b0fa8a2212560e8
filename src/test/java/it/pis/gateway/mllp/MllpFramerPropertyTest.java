package it.pis.gateway.mllp;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import it.pis.gateway.fuzz.Mutations;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the MLLP framer with any bytes a TCP stream may carry (mutated blocks, garbage, stray
 * start and end bytes, oversized blocks) in any split into reads: it never throws, never holds
 * more than its limit, finds the same blocks however the stream is split, and a well-formed block
 * after any garbage ended by {@code <FS><CR>} is read intact, so the connection recovers.
 */
class MllpFramerPropertyTest {

    static final int LIMIT = 4096;
    static final byte[] ADT = ("MSH|^~\\&|PS|OSPSANCARLO|PIS|PIS|20261126031500||ADT^A04^ADT_A01|C1|P|2.5\r"
            + "PID|1||556677^^^OSC^MR||Rossi^Mario||19851210|M\r").getBytes(StandardCharsets.ISO_8859_1);

    @Provide
    Arbitrary<byte[]> streams() {
        return Arbitraries.oneOf(Mutations.of(framed(ADT)), Mutations.of(concat(framed(ADT), framed(ADT))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(10_000),
                Arbitraries.of((byte) 0x0B, (byte) 0x1C, (byte) 0x0D, (byte) 'M').array(byte[].class).ofMaxSize(2_000));
    }

    @Property(tries = 300)
    void theSameBlocksAreFoundHoweverTheStreamIsSplit(@ForAll("streams") byte[] stream,
                                                      @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 5000) Integer> reads) {
        List<MllpFrame> whole = decode(List.of(stream));
        List<MllpFrame> split = decode(split(stream, reads));

        assertThat(split).hasSameSizeAs(whole);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(split.get(i).payload()).isEqualTo(whole.get(i).payload());
            assertThat(split.get(i).truncated()).isEqualTo(whole.get(i).truncated());
        }
        assertThat(whole).allSatisfy(f -> assertThat(f.payload().length).isLessThanOrEqualTo(LIMIT));
    }

    @Property(tries = 300)
    void aWellFormedBlockAfterAnyGarbageEndedByFsCrIsReadIntact(@ForAll("streams") byte[] garbage) {
        List<MllpFrame> frames = decode(List.of(concat(garbage, new byte[] {0x1C, 0x0D}), framed(ADT)));

        assertThat(frames).isNotEmpty();
        MllpFrame last = frames.get(frames.size() - 1);
        assertThat(last.payload()).isEqualTo(ADT);
        assertThat(last.truncated()).isFalse();
    }

    private static List<MllpFrame> decode(List<byte[]> reads) {
        EmbeddedChannel channel = new EmbeddedChannel(new MllpFrameDecoder(LIMIT));
        try {
            reads.forEach(bytes -> channel.writeInbound(Unpooled.wrappedBuffer(bytes)));
            List<MllpFrame> frames = new ArrayList<>();
            for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
                frames.add((MllpFrame) frame);
            }
            return frames;
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static List<byte[]> split(byte[] stream, List<Integer> sizes) {
        List<byte[]> reads = new ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            if (at >= stream.length) {
                break;
            }
            reads.add(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + size)));
            at += size;
        }
        if (at < stream.length) {
            reads.add(Arrays.copyOfRange(stream, at, stream.length));
        }
        return reads;
    }

    static byte[] framed(byte[] payload) {
        return concat(new byte[] {0x0B}, payload, new byte[] {0x1C, 0x0D});
    }

    static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
