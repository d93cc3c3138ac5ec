package dev.gorrent.storage;

import com.sun.nio.file.ExtendedOpenOption;
import dev.gorrent.application.port.out.PieceData;
import dev.gorrent.domain.metainfo.Metainfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static dev.gorrent.storage.Torrents.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectWritesTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path downloads;

    @Test
    void theMiddleIsTheAlignedPartOfASpanAndOnlyWhenLargeEnough() {
        DirectWrites direct = DirectWrites.aligned(4096);

        FileSpans.Span span = new FileSpans.Span(3, 1000, 40, MIB);
        FileSpans.Span middle = direct.middleOf(span).orElseThrow();
        assertEquals(new FileSpans.Span(3, 4096, 40 + 3096, MIB - 4096), middle);

        assertEquals(Optional.of(new FileSpans.Span(0, 8192, 0, MIB)),
                direct.middleOf(new FileSpans.Span(0, 8192, 0, MIB)), "an aligned span is all middle");
        assertEquals(Optional.empty(), direct.middleOf(new FileSpans.Span(0, 0, 0, DirectWrites.MIN_DIRECT_BYTES - 1)),
                "too short to be worth a synchronous write");
        assertEquals(Optional.empty(), direct.middleOf(new FileSpans.Span(0, 1, 0, DirectWrites.MIN_DIRECT_BYTES)),
                "long enough, but its aligned part is not");

        direct.disable();
        assertEquals(Optional.empty(), direct.middleOf(span));
    }

    @Test
    void alignmentsMustBePowersOfTwoThatFitTheStagingBuffer() {
        assertThrows(IllegalArgumentException.class, () -> DirectWrites.aligned(3000));
        assertThrows(IllegalArgumentException.class, () -> DirectWrites.aligned(0));
        assertThrows(IllegalArgumentException.class, () -> DirectWrites.aligned(2 * DirectWrites.STAGING_BYTES));
        assertTrue(DirectWrites.forFolder(downloads.resolve("missing")).middleOf(new FileSpans.Span(0, 0, 0, MIB))
                .isEmpty(), "a folder whose file system cannot be asked gets no direct writes");
    }

    @Test
    void largePiecesAcrossUnalignedFileBoundariesLandExactlyInAnyOrder() throws Exception {
        // Heads, tails and whole files of every shape: shorter than a block, unaligned on both ends, aligned.
        Metainfo torrent = Torrents.multiFile("t", MIB,
                file(1000, "t", "small"), file(3L * MIB + 4097, "t", "unaligned"), file(700 * 1024, "t", "mid"),
                file(2L * MIB, "t", "aligned"), file(MIB + 1, "t", "last"));
        byte[] stream = Torrents.content(torrent.totalLength(), 21);
        List<Integer> order = new ArrayList<>();
        for (int piece = 0; piece < torrent.pieceCount(); piece++) {
            order.add(piece);
        }
        Collections.shuffle(order, new Random(5));

        boolean directOn;
        try (FilePieceStorage storage = new FileStorageFactory().open(torrent, downloads)) {
            for (int piece : order) {
                storage.writePiece(piece, Torrents.inBlocks(Torrents.piece(torrent, stream, piece)));
            }
            storage.flush();
            directOn = storage.writesDirectly();
            byte[] read = new byte[MIB];
            storage.readPiece(2, ByteBuffer.wrap(read));
            assertArrayEquals(Torrents.piece(torrent, stream, 2), read, "a piece written directly reads back");
        }

        Torrents.assertFilesHold(downloads, torrent, stream);
        assertEquals(supportsDirectWrites(downloads), directOn,
                "direct writes stay on exactly where the file system takes them");
    }

    @Test
    void whenDirectWritesAreRefusedThePieceIsWrittenThroughThePageCacheAndDirectWritesStop() throws Exception {
        Metainfo torrent = Torrents.singleFile("refused", 3L * MIB, MIB);
        byte[] stream = Torrents.content(torrent.totalLength(), 8);
        DiskLayout layout = DiskLayout.under(downloads);
        List<StoredFile> files = layout.prepare(torrent.files());
        // The direct pool is pointed at a folder that does not exist, so opening for direct writes fails.
        List<StoredFile> nowhere = new ArrayList<>();
        for (StoredFile stored : files) {
            nowhere.add(new StoredFile(stored.entry(), stored.path(),
                    downloads.resolve("no-such-folder").resolve(stored.ioPath().getFileName()), stored.atOpen()));
        }
        DirectWrites direct = DirectWrites.aligned(4096);

        try (FilePieceStorage storage = new FilePieceStorage(torrent.geometry(), files,
                FileSpans.of(torrent.files(), torrent.totalLength()),
                new ChannelPool(files, 4, layout.root(), ChannelPool.Mode.BUFFERED),
                new ChannelPool(nowhere, 4, layout.root(), ChannelPool.Mode.DIRECT_WRITES), direct,
                ResumeStore.forTorrent(layout, torrent.infoHash(), torrent.pieceCount(), files))) {
            storage.writePiece(1, Torrents.inBlocks(Torrents.piece(torrent, stream, 1)));
            assertFalse(storage.writesDirectly(), "one refusal turns direct writes off");
            storage.writePiece(0, Torrents.inBlocks(Torrents.piece(torrent, stream, 0)));
            storage.writePiece(2, Torrents.inBlocks(Torrents.piece(torrent, stream, 2)));
        }

        assertArrayEquals(stream, Files.readAllBytes(downloads.resolve("refused")));
        assertFalse(Files.exists(downloads.resolve("no-such-folder")));
    }

    @Test
    void aPieceInAlignedNativeMemoryIsWrittenFromThereAndAnUnalignedOneThroughStaging() throws Exception {
        Path target = downloads.resolve("from-buffers");
        byte[] source = Torrents.content(2L * MIB, 6);
        Files.write(target, new byte[source.length]);
        DirectWrites direct = DirectWrites.aligned(4096);
        ByteBuffer aligned = ByteBuffer.allocateDirect(MIB + 4095).alignedSlice(4096).put(source, 0, MIB).flip();
        ByteBuffer unaligned = ByteBuffer.allocateDirect(MIB + 1).position(1).slice().put(source, MIB, MIB).flip();

        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
            direct.write(channel, new FileSpans.Span(0, 0, 0, MIB), PieceData.ofBuffer(aligned));
            assertEquals(0, direct.staging().allocated(), "no staging buffer for aligned native memory");
            direct.write(channel, new FileSpans.Span(0, MIB, 0, MIB), PieceData.ofBuffer(unaligned));
            assertEquals(1, direct.staging().allocated(), "an unaligned buffer is copied into one first");
        }

        assertArrayEquals(source, Files.readAllBytes(target));
    }

    @Test
    void aDirectWriteOfMoreThanTheStagingBufferGoesOutInFull() throws Exception {
        Path target = downloads.resolve("big");
        byte[] source = Torrents.content(3L * DirectWrites.STAGING_BYTES + 8192, 4);
        DirectWrites direct = DirectWrites.forFolder(downloads);
        Files.write(target, new byte[source.length]);
        FileSpans.Span span = new FileSpans.Span(0, 4096, 4096, source.length - 8192);

        // A channel without O_DIRECT takes aligned writes too, so this checks the chunking on any file system.
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
            direct.write(channel, span, Torrents.inBlocks(source));
        }

        byte[] written = Files.readAllBytes(target);
        assertArrayEquals(Arrays.copyOfRange(source, 4096, source.length - 4096),
                Arrays.copyOfRange(written, 4096, source.length - 4096));
        assertArrayEquals(new byte[4096], Arrays.copyOfRange(written, 0, 4096), "nothing before the span");
        assertThrows(IllegalArgumentException.class,
                () -> direct.write(null, new FileSpans.Span(0, 100, 0, 8192), Torrents.inBlocks(source)), "unaligned");
    }

    /** Whether an aligned direct write into {@code folder} works here, found without Gorrent's code. */
    private static boolean supportsDirectWrites(Path folder) throws IOException {
        Path probe = folder.resolve("probe");
        ByteBuffer block = ByteBuffer.allocateDirect(2 * 65536).alignedSlice(65536).limit(65536);
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT)) {
            channel.write(block, 0);
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
