package dev.gorrent.application.service;

import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.application.service.fakes.InMemoryStorage;
import dev.gorrent.application.service.fakes.TestTorrent;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.PieceGeometry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Complete pieces through the hash pool and the disk writer, with their outcome as session events. */
@Timeout(30)
class PieceCompletionTest {
    private static final int PIECE_LENGTH = 4 * PieceGeometry.BLOCK_SIZE;
    private static final PeerAddress SENDER = new PeerAddress("10.0.0.7", 6881);

    private final TestTorrent torrent = TestTorrent.random(3, 5 * PIECE_LENGTH - 100, PIECE_LENGTH, List.of());
    private final InMemoryStorage storage = new InMemoryStorage(torrent.geometry());
    private final SessionQueue queue = new SessionQueue(64, 64);
    private final ExecutorService hashPool = Executors.newFixedThreadPool(2);
    private final ExecutorService diskWriter = Executors.newSingleThreadExecutor();
    private final ReleaseCounter sender = new ReleaseCounter();
    private final PieceAssembly assembly = new PieceAssembly(torrent.geometry());
    private final PieceCompletion completion = new PieceCompletion(PIECE_LENGTH,
            new PieceVerifier(torrent.metainfo().pieceHashes(), new JdkSha1Digests()), storage, hashPool, diskWriter,
            queue);

    @AfterEach
    void stopThreads() {
        hashPool.shutdownNow();
        diskWriter.shutdownNow();
    }

    @Test
    void aPieceThatMatchesIsWrittenAndReportedAndItsBlocksGoBack() throws Exception {
        completion.start(4, arrived(4, torrent.piece(4)));
        assertEquals(1, completion.inProgress());

        assertEquals(new SessionEvent.PieceChecked(4, true), nextEvent());
        assertEquals(List.of(4), storage.writtenPieces());
        byte[] stored = Arrays.copyOfRange(storage.bytes(), 4 * PIECE_LENGTH, torrent.content().length);
        assertArrayEquals(torrent.piece(4), stored, "the last, short piece, byte for byte");
        assertEquals(torrent.geometry().blockCount(4), sender.released.size(), "every block went back");
        assertEquals(Set.of(SENDER), completion.finish(4).contributors());
        assertTrue(completion.isIdle());
    }

    @Test
    void aPieceThatDoesNotMatchIsReportedAndNotWritten() throws Exception {
        byte[] corrupt = torrent.piece(1);
        corrupt[PIECE_LENGTH - 1] ^= 1;

        completion.start(1, arrived(1, corrupt));

        assertEquals(new SessionEvent.PieceChecked(1, false), nextEvent());
        assertEquals(List.of(), storage.writtenPieces());
        assertEquals(4, sender.released.size());
    }

    @Test
    void aPieceTheDiskRefusesIsReportedAsAStorageFailure() throws Exception {
        storage.failWritesWith("disk full");

        completion.start(0, arrived(0, torrent.piece(0)));

        SessionEvent.StorageFailed failed = assertInstanceOf(SessionEvent.StorageFailed.class, nextEvent());
        assertEquals(0, failed.piece());
        assertEquals("disk full", failed.cause().getMessage());
    }

    @Test
    void manyPiecesAtOnceEachGetTheirOwnOutcome() throws Exception {
        for (int piece = 0; piece < torrent.pieceCount(); piece++) {
            completion.start(piece, arrived(piece, torrent.piece(piece)));
        }

        for (int i = 0; i < torrent.pieceCount(); i++) {
            assertTrue(((SessionEvent.PieceChecked) nextEvent()).matched());
        }
        assertArrayEquals(torrent.content(), storage.bytes(), "no buffer reused before its piece was written");
    }

    @Test
    void onlyAPieceInProgressCanBeFinished() {
        assertThrows(IllegalStateException.class, () -> completion.finish(2));
    }

    /** The piece's bytes as blocks from one sender, taken out of the assembly as the session does. */
    private PieceAssembly.Partial arrived(int piece, byte[] bytes) {
        for (int begin = 0; begin < bytes.length; begin += PieceGeometry.BLOCK_SIZE) {
            byte[] block = Arrays.copyOfRange(bytes, begin, Math.min(bytes.length, begin + PieceGeometry.BLOCK_SIZE));
            assembly.add(piece, new PeerMessage.Piece(piece, begin, block), sender);
        }
        return assembly.take(piece);
    }

    private SessionEvent nextEvent() throws InterruptedException {
        SessionEvent event = queue.poll(10_000);
        if (event == null) {
            throw new AssertionError("no event within 10 s");
        }
        return event;
    }

    /** A connection that only counts the blocks given back to it. */
    private static final class ReleaseCounter implements PeerConnection {
        final List<PeerMessage.Piece> released = new CopyOnWriteArrayList<>();

        @Override
        public PeerAddress address() {
            return SENDER;
        }

        @Override
        public PeerId remotePeerId() {
            return PeerId.of(new byte[PeerId.LENGTH]);
        }

        @Override
        public PeerMessage receive() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release(PeerMessage.Piece received) {
            released.add(received);
        }

        @Override
        public void send(PeerMessage message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
