package dev.gorrent.wire;

import dev.gorrent.application.port.out.BlockSource;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage.Choke;
import dev.gorrent.domain.peer.PeerMessage.Have;
import dev.gorrent.domain.peer.PeerMessage.KeepAlive;
import dev.gorrent.domain.peer.PeerMessage.Piece;
import dev.gorrent.domain.peer.PeerMessage.Unchoke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.gorrent.wire.TcpPeerNetworkTest.FAST;
import static dev.gorrent.wire.TcpPeerNetworkTest.OURS;
import static dev.gorrent.wire.WireBytes.INFO_HASH;
import static dev.gorrent.wire.WireBytes.OTHER_INFO_HASH;
import static dev.gorrent.wire.WireBytes.concat;
import static dev.gorrent.wire.WireBytes.OUR_ID;
import static dev.gorrent.wire.WireBytes.THEIR_ID;
import static dev.gorrent.wire.WireBytes.frame;
import static dev.gorrent.wire.WireBytes.handshake;
import static dev.gorrent.wire.WireBytes.ints;
import static dev.gorrent.wire.WireBytes.readExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An established connection against a scripted peer on loopback. The class timeout only guards the build. */
@Timeout(60)
class TcpPeerConnectionTest {

    @Test
    void aSilentPeerTimesOutWithAMessageSayingHowLong() throws Exception {
        TcpPeerNetwork network = new TcpPeerNetwork(FAST.withReadTimeout(Duration.ofMillis(300)));
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> FakePeer.staySilent(in))) {
            TcpPeerConnection connection = network.connect(peer.address(), OURS);

            IOException e = assertThrows(IOException.class, connection::receive);

            assertEquals("peer " + peer.address() + " sent nothing for 300 ms", e.getMessage());
            assertTrue(connection.isClosed(), "a timed-out connection is closed");
            peer.awaitScript();
        }
    }

    @Test
    void closeUnblocksAReceiveWaitingInAnotherThread() throws Exception {
        TcpPeerNetwork network = new TcpPeerNetwork(FAST.withReadTimeout(Duration.ofSeconds(50)));
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> FakePeer.staySilent(in))) {
            TcpPeerConnection connection = network.connect(peer.address(), OURS);
            CountDownLatch receiving = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                receiving.countDown();
                try {
                    return new AssertionError("receive returned " + connection.receive());
                } catch (IOException e) {
                    return e;
                }
            });
            assertTrue(receiving.await(10, TimeUnit.SECONDS));
            Thread.sleep(200); // lets the reader reach the socket read; the outcome is the same if it has not

            connection.close();

            // Well under the 50 s read timeout: only close() can have ended the receive.
            Throwable failure = outcome.get(20, TimeUnit.SECONDS);
            assertInstanceOf(IOException.class, failure);
            assertTrue(failure.getMessage().contains("is closed"), failure.getMessage());
            peer.awaitScript();
        }
    }

    @Test
    void extensionMessagesAreSkippedAndKeepAlivesDelivered() throws Exception {
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            out.write(frame(20, new byte[300]));
            out.write(frame(14));
            out.write(new byte[4]);
            out.write(frame(4, ints(12)));
            out.flush();
            FakePeer.staySilent(in);
        })) {
            try (TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS)) {
                assertInstanceOf(KeepAlive.class, connection.receive());
                assertEquals(new Have(12), connection.receive());
            }
        }
    }

    @Test
    void aReleasedBlockArrayCarriesTheNextBlockAndAnOddSizedOneIsNeverReused() throws Exception {
        byte[] first = blockOf(1);
        byte[] second = blockOf(2);
        byte[] third = blockOf(3);
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            out.write(frame(7, concat(ints(0, 0), first)));
            out.write(frame(7, concat(ints(0, 16384), second)));
            out.write(frame(7, concat(ints(1, 0), new byte[100])));
            out.write(frame(7, concat(ints(1, 100), third)));
            out.flush();
            FakePeer.staySilent(in);
        })) {
            try (TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS)) {
                Piece a = (Piece) connection.receive();
                assertArrayEquals(first, a.block());
                byte[] array = a.block();
                connection.release(a);

                Piece b = (Piece) connection.receive();
                assertSame(array, b.block(), "the released array is read into again");
                assertArrayEquals(second, b.block(), "and holds only the new block");

                Piece odd = (Piece) connection.receive();
                connection.release(odd);
                Piece c = (Piece) connection.receive();
                assertNotSame(odd.block(), c.block());
                assertArrayEquals(third, c.block());
            }
        }
    }

    @Test
    void connectionsOfOneNetworkShareTheirBlockArrays() throws Exception {
        byte[] fromFirst = blockOf(4);
        byte[] fromSecond = blockOf(5);
        TcpPeerNetwork network = new TcpPeerNetwork(FAST);
        try (FakePeer first = FakePeer.handshaking((socket, in, out) -> {
                 out.write(frame(7, concat(ints(0, 0), fromFirst)));
                 out.flush();
                 FakePeer.staySilent(in);
             });
             FakePeer second = FakePeer.handshaking((socket, in, out) -> {
                 out.write(frame(7, concat(ints(0, 16384), fromSecond)));
                 out.flush();
                 FakePeer.staySilent(in);
             });
             TcpPeerConnection one = network.connect(first.address(), OURS)) {
            Piece a = (Piece) one.receive();
            byte[] array = a.block();
            one.release(a);

            try (TcpPeerConnection other = network.connect(second.address(), OURS)) {
                Piece b = (Piece) other.receive();
                assertSame(array, b.block(), "the array one connection gave back carries the other's block");
                assertArrayEquals(fromSecond, b.block());
            }
        }
    }

    @Test
    void blocksFromSourcesGoFromThemToTheSocketWhenWrittenAsPieceFrames() throws Exception {
        int length = 100_000;
        int blocks = 6; // more than the test's socket buffers hold, so sources find the socket full
        byte[] content = new byte[length];
        for (int i = 0; i < length; i++) {
            content[i] = (byte) (i * 31);
        }
        CountDownLatch readingAllowed = new CountDownLatch(1);
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            readingAllowed.await(10, TimeUnit.SECONDS);
            received.complete(readExactly(in, blocks * (4 + 9 + length)));
            FakePeer.staySilent(in);
        })) {
            WireSettings smallBuffers = FAST.withSocketBufferSize(16 * 1024);
            try (TcpPeerConnection connection = new TcpPeerNetwork(smallBuffers).connect(peer.address(), OURS)) {
                List<TricklingSource> sources = new ArrayList<>();
                for (int piece = 0; piece < blocks; piece++) {
                    TricklingSource source = new TricklingSource(content);
                    sources.add(source);
                    connection.sendBlock(piece, 16_384, length, source);
                }
                connection.flush();
                for (int i = 0; i < 500 && sources.stream().noneMatch(TricklingSource::foundTheSocketFull); i++) {
                    Thread.sleep(10);
                }
                readingAllowed.countDown();

                byte[] expected = new byte[0];
                for (int piece = 0; piece < blocks; piece++) {
                    expected = concat(expected, ints(length + 9), new byte[] {7}, ints(piece, 16_384), content);
                }
                assertArrayEquals(expected, received.get(10, TimeUnit.SECONDS));
                assertTrue(sources.stream().anyMatch(TricklingSource::foundTheSocketFull),
                        "the socket never filled up");
                for (TricklingSource source : sources) {
                    source.assertMovedTheBlockInOrder(length);
                }
            }
        }
    }

    /** Moves at most 40,000 bytes per call, whatever the socket takes of them, as {@code sendfile} does. */
    private static final class TricklingSource implements BlockSource {
        private final byte[] content;
        /** Each call as offset asked for and bytes moved, recorded once the call is over. */
        private final List<long[]> calls = new CopyOnWriteArrayList<>();
        private final List<String> threads = new CopyOnWriteArrayList<>();

        TricklingSource(byte[] content) {
            this.content = content;
        }

        @Override
        public void read(int offset, ByteBuffer into) {
            throw new AssertionError("a block that can move itself to the socket was read instead");
        }

        @Override
        public long transferTo(int offset, int length, WritableByteChannel target) throws IOException {
            threads.add(Thread.currentThread().getName());
            long moved = target.write(ByteBuffer.wrap(content, offset, Math.min(length, 40_000)));
            calls.add(new long[] {offset, moved});
            return moved;
        }

        boolean foundTheSocketFull() {
            return calls.stream().anyMatch(call -> call[1] == 0);
        }

        /** Each call started where the last one stopped, on the writer thread, and together they moved it all. */
        void assertMovedTheBlockInOrder(int length) throws InterruptedException {
            // The peer may have read the last bytes before the writer thread recorded the call that sent them.
            for (int i = 0; i < 500 && calls.stream().mapToLong(call -> call[1]).sum() < length; i++) {
                Thread.sleep(10);
            }
            long sent = 0;
            for (long[] call : calls) {
                assertEquals(sent, call[0], "each call starts where the last one stopped");
                sent += call[1];
            }
            assertEquals(length, sent);
            assertTrue(threads.stream().allMatch(name -> name.startsWith("gorrent-wire-writer-")), threads.toString());
        }
    }

    @Test
    void blocksThatFitTheOutputBufferAreReadIntoItBehindTheirHeadersNotMovedBySources() throws Exception {
        int length = 16 * 1024;
        int blocks = 10; // the buffer holds three at a time, so some wait for it to be sent
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            received.complete(readExactly(in, blocks * (4 + 9 + length)));
            FakePeer.staySilent(in);
        })) {
            try (TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS)) {
                List<String> threads = new CopyOnWriteArrayList<>();
                byte[] expected = new byte[0];
                for (int piece = 0; piece < blocks; piece++) {
                    byte[] content = new byte[length];
                    Arrays.fill(content, (byte) piece);
                    expected = concat(expected, ints(length + 9), new byte[] {7}, ints(piece, 0), content);
                    connection.sendBlock(piece, 0, length, new BlockSource() {
                        @Override
                        public void read(int offset, ByteBuffer into) {
                            threads.add(Thread.currentThread().getName());
                            into.put(content, offset, into.remaining());
                        }

                        @Override
                        public long transferTo(int offset, int size, WritableByteChannel target) {
                            throw new AssertionError("a block the output buffer holds was moved by its source");
                        }
                    });
                }
                connection.flush();

                assertArrayEquals(expected, received.get(10, TimeUnit.SECONDS));
                assertEquals(blocks, threads.size(), threads.toString());
                assertTrue(threads.stream().allMatch(name -> name.startsWith("gorrent-wire-writer-")),
                        threads.toString());
            }
        }
    }

    @Test
    void aSourceThatOnlyReadsIsReadByTheWriterAndItsBlockArrivesWhole() throws Exception {
        byte[] content = new byte[20_000];
        Arrays.fill(content, (byte) 42);
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            received.complete(readExactly(in, 4 + 9 + content.length));
            FakePeer.staySilent(in);
        })) {
            try (TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS)) {
                List<String> threads = new CopyOnWriteArrayList<>();
                connection.sendBlock(1, 0, content.length, (offset, into) -> {
                    threads.add(Thread.currentThread().getName());
                    into.put(content, offset, into.remaining());
                });
                connection.flush();

                assertArrayEquals(concat(ints(content.length + 9), new byte[] {7}, ints(1, 0), content),
                        received.get(10, TimeUnit.SECONDS));
                assertTrue(threads.stream().allMatch(name -> name.startsWith("gorrent-wire-writer-")),
                        threads.toString());
            }
        }
    }

    @Test
    void blocksQueuedAfterAChokeAreDroppedUnreadUntilTheNextUnchoke() throws Exception {
        byte[] first = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] later = {9, 8, 7, 6, 5, 4, 3, 2};
        byte[] expected = concat(ints(9 + 8), new byte[] {7}, ints(0, 0), first,
                ints(1), new byte[] {0}, ints(1), new byte[] {1},
                ints(9 + 8), new byte[] {7}, ints(3, 0), later);
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            received.complete(readExactly(in, expected.length));
            FakePeer.staySilent(in);
        })) {
            try (TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS)) {
                List<Integer> droppedRead = new CopyOnWriteArrayList<>();
                connection.sendBlock(0, 0, first.length, (offset, into) -> into.put(first));
                connection.send(new Choke());
                // Requested before the CHOKE, handed over after it: the CHOKE discarded the request.
                connection.sendBlock(1, 0, 8, (offset, into) -> droppedRead.add(1));
                connection.send(new Piece(2, 0, new byte[8]));
                connection.send(new Unchoke());
                connection.sendBlock(3, 0, later.length, (offset, into) -> into.put(later));
                connection.flush();

                assertArrayEquals(expected, received.get(10, TimeUnit.SECONDS));
                assertEquals(List.of(), droppedRead, "a dropped block was read from its source");
                assertFalse(connection.isClosed());
            }
        }
    }

    @Test
    void aSourceThatFailsClosesTheConnectionWithItsReason() throws Exception {
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> FakePeer.staySilent(in))) {
            TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS);
            connection.sendBlock(0, 0, BlockPool.BLOCK_LENGTH, (offset, into) -> {
                throw new IOException("the disk is gone");
            });
            connection.flush();

            for (int i = 0; i < 1000 && !connection.isClosed(); i++) {
                Thread.sleep(10);
            }
            assertTrue(connection.isClosed(), "a block that cannot be read leaves the stream unusable");
            IOException later = assertThrows(IOException.class, () -> connection.send(new Have(1)));
            assertTrue(later.getMessage().contains("the disk is gone"), later.getMessage());
            peer.awaitScript();
        }
    }

    @Test
    void aBurstIsHandedOverWholeUpToTheMaximumWithoutWaitingForAFrameStillArriving() throws Exception {
        CountDownLatch restMayFollow = new CountDownLatch(1);
        byte[] have4 = frame(4, ints(4));
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            out.write(concat(frame(4, ints(1)), frame(20, new byte[5]), frame(4, ints(2)), frame(4, ints(3)),
                    new byte[4], Arrays.copyOf(have4, 3)));
            out.flush();
            restMayFollow.await(20, TimeUnit.SECONDS);
            out.write(Arrays.copyOfRange(have4, 3, have4.length));
            out.flush();
            FakePeer.staySilent(in);
        })) {
            try (TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS)) {
                Thread.sleep(300); // lets the burst reach our socket; a slower arrival only shortens the batches

                assertEquals(List.of(new Have(1), new Have(2)), connection.receiveAvailable(2));
                List<?> rest = connection.receiveAvailable(10);
                assertEquals(new Have(3), rest.get(0));
                assertInstanceOf(KeepAlive.class, rest.get(1));
                assertEquals(2, rest.size(), "the frame still arriving is left for the next call");

                restMayFollow.countDown();
                assertEquals(List.of(new Have(4)), connection.receiveAvailable(10));
            }
        }
    }

    @Test
    void aPeerClaimingAHugeMessageIsCutOffAsAProtocolBreaker() throws Exception {
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            out.write(ints(0x7fffffff));
            out.write(7);
            out.flush();
            assertEquals(-1, in.read(), "we hang up on a protocol breaker");
        })) {
            TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS);

            ProtocolViolationException e = assertThrows(ProtocolViolationException.class, connection::receive);

            assertTrue(e.getMessage().startsWith("peer " + peer.address() + " broke the protocol"), e.getMessage());
            assertTrue(connection.isClosed());
            peer.awaitScript();
        }
    }

    @Test
    void aPeerHangingUpIsReported() throws Exception {
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            out.write(frame(1));
            out.flush();
        })) {
            TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS);

            assertInstanceOf(Unchoke.class, connection.receive());
            IOException e = assertThrows(IOException.class, connection::receive);

            assertEquals("peer " + peer.address() + " closed the connection", e.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndLaterSendsFail() throws Exception {
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> FakePeer.staySilent(in))) {
            TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS);

            connection.close();
            connection.close();

            IOException e = assertThrows(IOException.class, () -> connection.send(new KeepAlive()));
            assertTrue(e.getMessage().contains("is closed"), e.getMessage());
            assertThrows(IOException.class, connection::flush);
            peer.awaitScript();
        }
    }

    @Test
    void sendsFromSeveralThreadsNeverInterleaveWithinAFrame() throws Exception {
        int threads = 4;
        int perThread = 500;
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < threads * perThread; i++) {
                byte[] have = readExactly(in, 9);
                assertArrayEquals(new byte[]{0, 0, 0, 5, 4}, Arrays.copyOf(have, 5), "frame " + i);
                int index = ByteBuffer.wrap(have, 5, 4).getInt();
                assertTrue(seen.add(index), "piece " + index + " arrived twice");
            }
            assertEquals(threads * perThread, seen.size());
        })) {
            try (TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS)) {
                List<CompletableFuture<Void>> senders = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t * perThread;
                    senders.add(CompletableFuture.runAsync(() -> {
                        try {
                            for (int i = 0; i < perThread; i++) {
                                connection.send(new Have(first + i));
                                if (i % 50 == 0) {
                                    connection.flush();
                                }
                            }
                            connection.flush();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }, runnable -> new Thread(runnable).start()));
                }
                for (CompletableFuture<Void> sender : senders) {
                    sender.get(20, TimeUnit.SECONDS);
                }
                peer.awaitScript();
            }
        }
    }

    @Test
    void sendsReturnWhileThePeerIsNotReadingUntilTheQueueStaysFullForTheWriteTimeout() throws Exception {
        WireSettings impatient = FAST.withWriteTimeout(Duration.ofMillis(300)).withMaxQueuedBytes(64 * 1024)
                .withSocketBufferSize(16 * 1024);
        CountDownLatch stopIgnoring = new CountDownLatch(1);
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> stopIgnoring.await(30, TimeUnit.SECONDS))) {
            TcpPeerConnection connection = new TcpPeerNetwork(impatient).connect(peer.address(), OURS);
            byte[] block = new byte[16 * 1024];
            int sent = 0;
            IOException failure = null;
            try {
                // 1.6 GB: far more than any socket buffers hold, so only the queue limit can end this loop.
                while (sent < 100_000) {
                    connection.send(new Piece(0, 0, block));
                    sent++;
                }
            } catch (IOException e) {
                failure = e;
            } finally {
                stopIgnoring.countDown();
            }

            assertNotNull(failure, "sending " + sent + " blocks to a peer that reads nothing never failed");
            assertTrue(sent > 0, "the first sends were queued although the peer was not reading");
            assertTrue(failure.getMessage().startsWith("peer " + peer.address() + " is not reading ("),
                    failure.getMessage());
            assertTrue(connection.isClosed(), "a peer that does not read is hung up on");
            IOException later = assertThrows(IOException.class, () -> connection.send(new KeepAlive()));
            assertEquals(failure.getMessage(), later.getMessage(), "later sends say why the connection closed");
            peer.awaitScript();
        }
    }

    @Test
    void aWriteStuckForTheWriteTimeoutClosesTheConnection() throws Exception {
        // The queue could take everything, so only the stuck write can be noticed.
        WireSettings roomy = FAST.withWriteTimeout(Duration.ofMillis(300)).withMaxQueuedBytes(64 << 20)
                .withSocketBufferSize(16 * 1024);
        CountDownLatch stopIgnoring = new CountDownLatch(1);
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> stopIgnoring.await(30, TimeUnit.SECONDS))) {
            TcpPeerConnection connection = new TcpPeerNetwork(roomy).connect(peer.address(), OURS);
            byte[] block = new byte[16 * 1024];
            IOException failure = null;
            try {
                // 32 MiB of blocks fill every socket buffer; then keep-alives poll until the writer gave up.
                for (int i = 0; i < 2048 + 1000 && failure == null; i++) {
                    try {
                        if (i < 2048) {
                            connection.send(new Piece(0, 0, block));
                        } else {
                            connection.flush();
                            Thread.sleep(20);
                            connection.send(new KeepAlive());
                        }
                    } catch (IOException e) {
                        failure = e;
                    }
                }
            } finally {
                stopIgnoring.countDown();
            }

            assertNotNull(failure, "a write stuck for many write timeouts went unnoticed");
            assertEquals("peer " + peer.address() + " is not reading (nothing could be written for 300 ms)",
                    failure.getMessage());
            assertTrue(connection.isClosed());
            IOException received = assertThrows(IOException.class, connection::receive);
            assertEquals(failure.getMessage(), received.getMessage(), "the reader learns why, too");
            peer.awaitScript();
        }
    }

    @Test
    void aFullQueueDrainsEvenWhenNobodyFlushes() throws Exception {
        int blocks = 50;
        // Three blocks fill the queue, so the sends below only get through if the writer drains unasked.
        WireSettings small = FAST.withWriteTimeout(Duration.ofSeconds(5)).withMaxQueuedBytes(64 * 1024);
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> {
            for (int i = 0; i < blocks; i++) {
                byte[] header = readExactly(in, 13);
                assertArrayEquals(concat(ints(9 + 16 * 1024), new byte[]{7}, ints(i, 0)), header, "block " + i);
                readExactly(in, 16 * 1024);
            }
        })) {
            try (TcpPeerConnection connection = new TcpPeerNetwork(small).connect(peer.address(), OURS)) {
                byte[] block = new byte[16 * 1024];
                for (int i = 0; i < blocks; i++) {
                    connection.send(new Piece(i, 0, block));
                }
                connection.flush();
                peer.awaitScript();
            }
        }
    }

    @Test
    void closeUnblocksASendWaitingForRoom() throws Exception {
        // A long write timeout: only close() can end the wait within the test.
        WireSettings patient = FAST.withWriteTimeout(Duration.ofSeconds(50)).withMaxQueuedBytes(64 * 1024)
                .withSocketBufferSize(16 * 1024);
        CountDownLatch stopIgnoring = new CountDownLatch(1);
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) -> stopIgnoring.await(30, TimeUnit.SECONDS))) {
            TcpPeerConnection connection = new TcpPeerNetwork(patient).connect(peer.address(), OURS);
            CompletableFuture<IOException> outcome = new CompletableFuture<>();
            Thread sender = new Thread(() -> {
                try {
                    while (true) {
                        connection.send(new Piece(0, 0, new byte[16 * 1024]));
                    }
                } catch (IOException e) {
                    outcome.complete(e);
                } catch (RuntimeException e) {
                    outcome.completeExceptionally(e);
                }
            }, "test-sender");
            sender.setDaemon(true);
            try {
                sender.start();
                awaitTimedWaiting(sender);

                connection.close();

                IOException failure = outcome.get(20, TimeUnit.SECONDS);
                assertTrue(failure.getMessage().contains("is closed"), failure.getMessage());
            } finally {
                stopIgnoring.countDown();
            }
            peer.awaitScript();
        }
    }

    @Test
    void aBlockTooLargeToSendIsRefusedAndTheConnectionStaysUsable() throws Exception {
        try (FakePeer peer = FakePeer.handshaking((socket, in, out) ->
                assertArrayEquals(frame(4, ints(1)), readExactly(in, 9), "only the HAVE went out"))) {
            try (TcpPeerConnection connection = new TcpPeerNetwork(FAST).connect(peer.address(), OURS)) {
                assertThrows(IllegalArgumentException.class,
                        () -> connection.send(new Piece(0, 0, new byte[MessageCodec.MAX_BLOCK_LENGTH + 1])));

                connection.send(new Have(1));
                connection.flush();
                peer.awaitScript();
            }
        }
    }

    /** Waits until the thread sits in a timed wait: the only one send() makes is waiting for room. */
    private static void awaitTimedWaiting(Thread thread) throws InterruptedException {
        for (int i = 0; i < 1000 && thread.getState() != Thread.State.TIMED_WAITING; i++) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.TIMED_WAITING, thread.getState(), "the sender never had to wait for room");
    }

    @Test
    void theAcceptingSideReadsFirstThenAnswersForTheTorrentAsked() throws Exception {
        try (ServerSocketChannel server = loopbackServer();
             Socket client = new Socket(InetAddress.getByName("127.0.0.1"), portOf(server));
             SocketChannel accepted = server.accept()) {
            client.setSoTimeout(10_000);
            OutputStream clientOut = client.getOutputStream();
            clientOut.write(handshake(INFO_HASH, THEIR_ID));
            clientOut.write(frame(1));
            clientOut.flush();

            try (TcpPeerConnection connection = TcpPeerConnection.handshakeIncoming(accepted,
                    infoHash -> infoHash.equals(OURS.infoHash()) ? Optional.of(OURS) : Optional.empty(), FAST,
                    new BlockPool(4))) {
                assertEquals(PeerId.of(THEIR_ID), connection.remotePeerId());
                assertEquals(client.getLocalPort(), connection.address().port());
                assertInstanceOf(Unchoke.class, connection.receive());
                DataInputStream clientIn = new DataInputStream(client.getInputStream());
                assertArrayEquals(handshake(INFO_HASH, OUR_ID), readExactly(clientIn, 68));
            }
        }
    }

    @Test
    void theAcceptingSideRefusesATorrentItDoesNotServe() throws Exception {
        try (ServerSocketChannel server = loopbackServer();
             Socket client = new Socket(InetAddress.getByName("127.0.0.1"), portOf(server));
             SocketChannel accepted = server.accept()) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(handshake(OTHER_INFO_HASH, THEIR_ID));

            IOException e = assertThrows(IOException.class, () -> TcpPeerConnection.handshakeIncoming(accepted,
                    infoHash -> infoHash.equals(OURS.infoHash()) ? Optional.of(OURS) : Optional.<Handshake>empty(),
                    FAST, new BlockPool(4)));

            assertTrue(e.getMessage().contains("asked for torrent " + InfoHash.of(OTHER_INFO_HASH).toHex()
                    + ", which we do not serve"), e.getMessage());
            assertFalse(accepted.isOpen());
            assertEquals(-1, client.getInputStream().read(), "nothing is answered, the socket is closed");
            assertFalse(client.isClosed());
        }
    }

    private static ServerSocketChannel loopbackServer() throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1);
    }

    private static int portOf(ServerSocketChannel server) throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** A full-sized block of one repeated byte, to tell blocks apart. */
    private static byte[] blockOf(int value) {
        byte[] block = new byte[BlockPool.BLOCK_LENGTH];
        Arrays.fill(block, (byte) value);
        return block;
    }
}
