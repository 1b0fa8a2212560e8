package it.pis.gateway.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Inputs for fuzzing a reader: a valid sample, mutated the ways real senders and attackers break
 * messages (a few bytes flipped, cut short, a huge field, a slice dropped or repeated, stray
 * control bytes, the whole text in another encoding). Every mutation starts from the valid sample,
 * so most tries get deep into the reader instead of failing at its first byte; jqwik shrinks a
 * failing input towards the smallest change of the sample.
 */
public final class Mutations {

    private static final Charset[] WRONG_ENCODINGS = {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
            Charset.forName("UTF-32"), StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII};
    private static final Byte[] STRAY_BYTES = {0x00, 0x0B, 0x1C, 0x0D, 0x0A, (byte) 0xFF, (byte) 0xFE, (byte) 0xC3,
            '|', '^', '~', '\\', '&', '<', '>', '"', '{', '}', '[', ']', ':', ','};

    private Mutations() {
    }

    /** The sample changed by one of the mutations (the sample itself now and then). */
    public static Arbitrary<byte[]> of(byte[] sample) {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(sample)),
                Tuple.of(4, flipped(sample)),
                Tuple.of(2, truncated(sample)),
                Tuple.of(2, withHugeField(sample)),
                Tuple.of(2, withStrayBytes(sample)),
                Tuple.of(2, withoutASlice(sample)),
                Tuple.of(1, withARepeatedSlice(sample)),
                Tuple.of(1, inAnotherEncoding(sample)));
    }

    static Arbitrary<byte[]> flipped(byte[] sample) {
        return Arbitraries.integers().between(0, sample.length - 1).list().ofMinSize(1).ofMaxSize(8)
                .flatMap(positions -> Arbitraries.bytes().array(byte[].class).ofSize(positions.size()).map(values -> {
                    byte[] out = sample.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        out[positions.get(i)] ^= values[i] == 0 ? 1 : values[i];
                    }
                    return out;
                }));
    }

    static Arbitrary<byte[]> truncated(byte[] sample) {
        return Arbitraries.integers().between(0, sample.length - 1).map(n -> Arrays.copyOf(sample, n));
    }

    /** A run of one character (a field of up to 300 KB) inserted anywhere. */
    static Arbitrary<byte[]> withHugeField(byte[] sample) {
        return Combinators.combine(Arbitraries.integers().between(0, sample.length),
                        Arbitraries.integers().between(1_000, 300_000), Arbitraries.of((byte) 'A', (byte) '9', (byte) ' ', (byte) 0xE0))
                .as((at, size, fill) -> {
                    byte[] run = new byte[size];
                    Arrays.fill(run, fill);
                    return insert(sample, at, run);
                });
    }

    static Arbitrary<byte[]> withStrayBytes(byte[] sample) {
        return Combinators.combine(Arbitraries.integers().between(0, sample.length),
                        Arbitraries.of(STRAY_BYTES).array(byte[].class).ofMinSize(1).ofMaxSize(16))
                .as((at, stray) -> insert(sample, at, stray));
    }

    static Arbitrary<byte[]> withoutASlice(byte[] sample) {
        return Arbitraries.integers().between(0, sample.length - 1).flatMap(from ->
                Arbitraries.integers().between(from + 1, sample.length).map(to -> {
                    byte[] out = new byte[sample.length - (to - from)];
                    System.arraycopy(sample, 0, out, 0, from);
                    System.arraycopy(sample, to, out, from, sample.length - to);
                    return out;
                }));
    }

    static Arbitrary<byte[]> withARepeatedSlice(byte[] sample) {
        return Combinators.combine(Arbitraries.integers().between(0, sample.length - 1),
                        Arbitraries.integers().between(1, 64), Arbitraries.integers().between(2, 200))
                .as((from, length, times) -> {
                    byte[] slice = Arrays.copyOfRange(sample, from, Math.min(sample.length, from + length));
                    byte[] run = new byte[slice.length * times];
                    for (int i = 0; i < times; i++) {
                        System.arraycopy(slice, 0, run, i * slice.length, slice.length);
                    }
                    return insert(sample, from, run);
                });
    }

    /** The sample's text (UTF-8) sent in another encoding, with its byte order mark or without. */
    static Arbitrary<byte[]> inAnotherEncoding(byte[] sample) {
        String text = new String(sample, StandardCharsets.UTF_8);
        return Arbitraries.of(WRONG_ENCODINGS).map(text::getBytes);
    }

    /** {@code depth} openings of {@code open} and as many closings: a nesting bomb for JSON or XML readers. */
    public static byte[] nested(String open, String middle, String close, int depth) {
        return (open.repeat(depth) + middle + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] insert(byte[] sample, int at, byte[] inserted) {
        byte[] out = new byte[sample.length + inserted.length];
        System.arraycopy(sample, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(sample, at, out, at + inserted.length, sample.length - at);
        return out;
    }
}
