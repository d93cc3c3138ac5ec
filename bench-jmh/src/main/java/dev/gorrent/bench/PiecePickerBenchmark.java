package dev.gorrent.bench;

import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.domain.piece.BlockRef;
import dev.gorrent.domain.piece.PieceGeometry;
import dev.gorrent.domain.piece.PiecePicker;
import dev.gorrent.domain.piece.PiecePicker.BlockArrival;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The piece picker in a download's steady state: a 4 GiB torrent of 16,384 pieces (256 KiB, 16 blocks
 * each) and 200 peers, half of them seeds and half holding a random 60% of the pieces. Every peer keeps
 * {@code pipeline} requests outstanding; one operation is one block arriving from the next peer in turn
 * ({@code blockReceived}, and {@code pieceVerified} when it completes a piece) and that peer's pipeline
 * topped up again ({@code pick}). When every piece is in, the picker starts over with all peers joined
 * again, once in about 260,000 operations; that cost is part of the figure.
 *
 * <p>One benchmark thread, as in the session that owns the picker.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PiecePickerBenchmark {
    private static final int PIECE_LENGTH = 256 * 1024;

    @Param("16384")
    public int pieces;

    @Param("200")
    public int peers;

    @Param({"8", "64"})
    public int pipeline;

    private PieceGeometry geometry;
    private Bitfield[] peerPieces;
    private PiecePicker picker;
    private List<ArrayDeque<BlockRef>> outstanding;
    private int nextPeer;

    @Setup(Level.Trial)
    public void makeSwarm() {
        geometry = new PieceGeometry((long) pieces * PIECE_LENGTH, PIECE_LENGTH);
        SplittableRandom random = new SplittableRandom(11);
        peerPieces = new Bitfield[peers];
        for (int peer = 0; peer < peers; peer++) {
            if (peer % 2 == 0) {
                peerPieces[peer] = Bitfield.full(pieces);
            } else {
                Bitfield some = new Bitfield(pieces);
                for (int piece = 0; piece < pieces; piece++) {
                    if (random.nextInt(100) < 60) {
                        some.set(piece);
                    }
                }
                peerPieces[peer] = some;
            }
        }
    }

    @Setup(Level.Iteration)
    public void startDownload() {
        picker = new PiecePicker(geometry, new Bitfield(pieces), new SplittableRandom(5));
        outstanding = new ArrayList<>(peers);
        for (int peer = 0; peer < peers; peer++) {
            picker.peerJoined(peer, peerPieces[peer]);
            outstanding.add(new ArrayDeque<>(picker.pick(peer, pipeline)));
        }
        nextPeer = 0;
    }

    /** One block in from a peer, then that peer's requests topped up. */
    @Benchmark
    public int receiveAndPick() {
        int peer = nextPeer;
        nextPeer = peer + 1 == peers ? 0 : peer + 1;
        ArrayDeque<BlockRef> queue = outstanding.get(peer);
        BlockRef block = queue.poll();
        if (block != null) {
            BlockArrival arrival = picker.blockReceived(peer, block);
            if (arrival.pieceComplete()) {
                picker.pieceVerified(block.piece());
                if (picker.isComplete()) {
                    startDownload();
                    return 0;
                }
            }
        }
        List<BlockRef> more = picker.pick(peer, pipeline - queue.size());
        queue.addAll(more);
        return more.size();
    }
}
