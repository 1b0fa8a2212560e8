package it.pis.gateway.mllp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MllpFrameDecoderTest {

    private static final int LIMIT = 1024;

    private EmbeddedChannel channel = new EmbeddedChannel(new MllpFrameDecoder(LIMIT));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void decodesOneFrame() {
        write(framed(message(1)));

        assertThat(frames()).singleElement().satisfies(f -> assertFrame(f, message(1)));
    }

    @Test
    void emitsEveryFrameOfOneReadInOrder() {
        // CAMEL-24668: camel-mllp up to 4.22.0 keeps only the first of several blocks in one TCP read
        write(concat(framed(message(1)), framed(message(2)), framed(message(3))));

        assertThat(payloads(frames())).containsExactly(message(1), message(2), message(3));
    }

    @Test
    void decodesAFrameArrivingByteByByte() {
        for (byte b : concat(framed(message(1)), framed(message(2)))) {
            write(new byte[] {b});
        }

        assertThat(payloads(frames())).containsExactly(message(1), message(2));
    }

    @Test
    void decodesAFrameWhoseStartArrivedBehindAnotherFrame() {
        // the second write lands in a fresh, compacted buffer: positions seen so far must not be trusted
        byte[] second = framed(message(2));
        write(concat(framed(longMessage(1, 300)), Arrays.copyOf(second, 20)));
        write(Arrays.copyOfRange(second, 20, second.length));

        assertThat(payloads(frames())).containsExactly(longMessage(1, 300), message(2));
    }

    @Test
    void decodesAnEndSplitBetweenItsTwoBytes() {
        byte[] frame = framed(message(1));
        write(Arrays.copyOf(frame, frame.length - 1));
        assertThat(frames()).isEmpty();

        write(new byte[] {0x0D});

        assertThat(payloads(frames())).containsExactly(message(1));
    }

    @Test
    void skipsBytesBeforeTheStartOfABlock() {
        write(concat(ascii("keep-alive\r\n"), new byte[] {0x00, 0x1C, 0x0D}, framed(message(1))));

        assertThat(payloads(frames())).containsExactly(message(1));
    }

    @Test
    void keepsAnEndBlockByteNotFollowedByCarriageReturnAsData() {
        String withFs = "MSH|^~\\&|A|B\rNTE|1||before\u001Cafter\r";
        write(framed(withFs));

        assertThat(frames()).singleElement().satisfies(f -> {
            assertFrame(f, withFs);
            assertThat(f.payload()).contains((byte) 0x1C);
        });
    }

    @Test
    void truncatesAnOversizedFrameKeepingItsHeadAndDecodesTheNextOne() {
        channel = new EmbeddedChannel(new MllpFrameDecoder(64));
        String big = longMessage(1, 500);
        write(concat(framed(big), framed("MSH|^~\\&|small")));

        List<MllpFrame> frames = frames();

        assertThat(frames).hasSize(2);
        assertTruncated(frames.get(0), big);
        assertFrame(frames.get(1), "MSH|^~\\&|small");
    }

    @Test
    void truncatesAnOversizedFrameArrivingInChunksAndDecodesTheNextOne() {
        channel = new EmbeddedChannel(new MllpFrameDecoder(64));
        String big = longMessage(1, 500);
        byte[] stream = concat(framed(big), framed("MSH|^~\\&|small"));
        for (int from = 0; from < stream.length; from += 50) {
            write(Arrays.copyOfRange(stream, from, Math.min(stream.length, from + 50)));
        }

        List<MllpFrame> frames = frames();

        assertThat(frames).hasSize(2);
        assertTruncated(frames.get(0), big);
        assertFrame(frames.get(1), "MSH|^~\\&|small");
    }

    @Test
    void encoderWrapsBytesInAnMllpBlock() {
        EmbeddedChannel out = new EmbeddedChannel(new MllpFrameEncoder());
        out.writeOutbound((Object) ascii("MSH|^~\\&|ACK"));

        ByteBuf written = out.readOutbound();
        try {
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(written)).containsExactly(framed("MSH|^~\\&|ACK"));
        } finally {
            written.release();
            out.finishAndReleaseAll();
        }
    }

    private static void assertFrame(MllpFrame frame, String payload) {
        assertThat(new String(frame.payload(), StandardCharsets.ISO_8859_1)).isEqualTo(payload);
        assertThat(frame.truncated()).isFalse();
        assertThat(frame.size()).isEqualTo(payload.length());
    }

    private static void assertTruncated(MllpFrame frame, String payload) {
        assertThat(frame.truncated()).isTrue();
        assertThat(frame.size()).isEqualTo(payload.length());
        String head = new String(frame.payload(), StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("MSH|").hasSizeLessThanOrEqualTo(payload.length());
        assertThat(payload).startsWith(head);
    }

    private void write(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    private List<MllpFrame> frames() {
        List<MllpFrame> frames = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            frames.add((MllpFrame) o);
        }
        return frames;
    }

    private static List<String> payloads(List<MllpFrame> frames) {
        frames.forEach(f -> assertThat(f.truncated()).isFalse());
        return frames.stream().map(f -> new String(f.payload(), StandardCharsets.ISO_8859_1)).toList();
    }

    private static String message(int n) {
        return "MSH|^~\\&|APP|FAC|PIS|PIS|20260101120000||ADT^A01|MSG" + n + "|P|2.5\rPID|||" + n + "\r";
    }

    /** A message with a note of {@code noteLength} characters. */
    private static String longMessage(int n, int noteLength) {
        return message(n) + "NTE|1||" + "x".repeat(noteLength) + "\r";
    }

    private static byte[] framed(String payload) {
        return concat(new byte[] {0x0B}, ascii(payload), new byte[] {0x1C, 0x0D});
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
