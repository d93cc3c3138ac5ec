package dev.gorrent.bench;

import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.peer.PeerMessage.Piece;
import dev.gorrent.wire.MessageCodec;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire codec on PIECE messages of one 16 KiB block, the message a download is made of: encoding
 * to a frame, writing to a stream, and reading one back. No sockets: streams over arrays, so the
 * figure is the codec's own cost (allocation and copies included). One benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireCodecBenchmark {
    private static final int BLOCK = 16 * 1024;

    private MessageCodec codec;
    private Piece piece;
    private ByteArrayInputStream frameBytes;
    private DataInputStream frameInput;
    private OutputStream sink;

    @Setup
    public void prepare() {
        codec = new MessageCodec(MessageCodec.DEFAULT_MAX_FRAME_LENGTH);
        byte[] block = new byte[BLOCK];
        new Random(1).nextBytes(block);
        piece = new Piece(1234, 7 * BLOCK, block);
        frameBytes = new ByteArrayInputStream(codec.encode(piece));
        frameInput = new DataInputStream(frameBytes);
        sink = new CountingSink();
    }

    /** The whole frame as a new array. */
    @Benchmark
    public byte[] encodePiece() {
        return codec.encode(piece);
    }

    /** Header then block straight onto a stream, as a connection's writer sends it. */
    @Benchmark
    public void writePiece() throws IOException {
        codec.write(piece, sink);
    }

    /** One frame read back into a PIECE message (a fresh block array each time). */
    @Benchmark
    public Optional<PeerMessage> decodePiece() throws IOException {
        frameBytes.reset();
        return codec.read(frameInput);
    }

    /** An output stream that keeps nothing, so only the codec's work is timed; the count keeps it honest. */
    private static final class CountingSink extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
