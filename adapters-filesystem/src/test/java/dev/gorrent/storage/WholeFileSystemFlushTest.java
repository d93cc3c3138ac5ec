package dev.gorrent.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WholeFileSystemFlushTest {
    private static final int FILES = 200;
    private static final long WRITTEN = 10L << 20;

    @TempDir
    Path folder;

    private final List<Integer> allFiles = IntStream.range(0, FILES).boxed().toList();

    @Test
    void afterOneSyncfsNothingIsLeftToForce() throws Exception {
        WholeFileSystemFlush flush = started(this::realSync, () -> OptionalLong.of(WRITTEN));
        flush.awaitSettled();

        assertTrue(flush.isReady());
        assertEquals(List.of(), flush.sync(allFiles, WRITTEN));
        assertEquals(1, flush.syncs());
        flush.close();
        assertFalse(flush.isReady());
        assertEquals(allFiles, flush.sync(allFiles, WRITTEN), "closed, it leaves every file to the caller");
    }

    @Test
    void filesWrittenBeforeTheDescriptorsOpenedAreForcedOnTheirOwnOnce() throws Exception {
        CountDownLatch mayOpen = new CountDownLatch(1);
        WholeFileSystemFlush flush = openingOnceAllowed(mayOpen);
        flush.beforeWrite(3);
        flush.beforeWrite(7);
        flush.beforeWrite(3);
        mayOpen.countDown();
        flush.awaitSettled();
        flush.beforeWrite(9); // after opening: syncfs answers for it

        assertEquals(List.of(3, 7), flush.sync(allFiles, WRITTEN));
        assertEquals(List.of(), flush.sync(allFiles, WRITTEN), "once forced on their own, syncfs covers them too");
        flush.close();
    }

    @Test
    void fewWrittenFilesAreLeftToTheCaller() throws Exception {
        WholeFileSystemFlush flush = started(this::realSync, () -> OptionalLong.of(0));
        flush.awaitSettled();
        List<Integer> few = allFiles.subList(0, WholeFileSystemFlush.MIN_WRITTEN_FILES - 1);

        assertEquals(few, flush.sync(few, WRITTEN));
        assertEquals(0, flush.syncs());
        flush.close();
    }

    @Test
    void muchDirtyDataOfOthersOrAnUnknownAmountLeavesEveryFileToTheCaller() throws Exception {
        long tooMuch = WRITTEN + WholeFileSystemFlush.FOREIGN_DIRTY_BYTES + 1;
        for (OptionalLong dirty : List.of(OptionalLong.of(tooMuch), OptionalLong.empty())) {
            WholeFileSystemFlush flush = started(this::realSync, () -> dirty);
            flush.awaitSettled();

            assertEquals(allFiles, flush.sync(allFiles, WRITTEN), "dirty bytes: " + dirty);
            assertEquals(0, flush.syncs());
            flush.close();
        }
        WholeFileSystemFlush atTheLimit = started(this::realSync, () -> OptionalLong.of(tooMuch - 1));
        atTheLimit.awaitSettled();
        assertEquals(List.of(), atTheLimit.sync(allFiles, WRITTEN));
        atTheLimit.close();
    }

    @Test
    void aFailingSyncfsLeavesEveryFileToTheCaller() throws Exception {
        WholeFileSystemFlush flush = started(() -> {
            Optional<FileSystemSync> sync = realSync();
            sync.orElseThrow().close(); // now every syncAll fails
            return sync;
        }, () -> OptionalLong.of(0));
        flush.awaitSettled();

        assertEquals(allFiles, flush.sync(allFiles, WRITTEN));
        assertEquals(0, flush.syncs());
        flush.close();
    }

    @Test
    void nothingOpenedNothingUsed() throws Exception {
        assertNeverUsedWith(Optional::empty);
    }

    @Test
    void anOpenerThatThrowsLeavesEveryFileToTheCaller() throws Exception {
        assertNeverUsedWith(() -> {
            throw new UnsatisfiedLinkError("no native library for this platform");
        });
    }

    /** Once {@code opener} settled, the flush is not ready and leaves every file to its caller. */
    private void assertNeverUsedWith(Supplier<Optional<FileSystemSync>> opener) throws InterruptedException {
        WholeFileSystemFlush flush = started(opener, () -> OptionalLong.of(0));
        flush.awaitSettled();

        assertFalse(flush.isReady());
        assertEquals(allFiles, flush.sync(allFiles, WRITTEN));
        flush.close();
    }

    @Test
    void closedBeforeOpeningEndsItIsNeverUsed() throws Exception {
        CountDownLatch mayOpen = new CountDownLatch(1);
        WholeFileSystemFlush flush = openingOnceAllowed(mayOpen);
        flush.close();
        mayOpen.countDown();
        flush.awaitSettled();

        assertFalse(flush.isReady());
        assertEquals(allFiles, flush.sync(allFiles, WRITTEN));
    }

    @Test
    void aTorrentOfFewFilesNeverOpensOne() throws Exception {
        List<StoredFile> files = new ArrayList<>();
        WholeFileSystemFlush flush = WholeFileSystemFlush.forFiles(files);
        flush.awaitSettled();
        flush.beforeWrite(0); // no file to mark: writers pass straight through

        assertFalse(flush.isReady());
        assertEquals(allFiles, flush.sync(allFiles, WRITTEN));
    }

    private WholeFileSystemFlush started(Supplier<Optional<FileSystemSync>> opener, Supplier<OptionalLong> dirty) {
        return WholeFileSystemFlush.start(FILES, opener, dirty);
    }

    /** Opens for real once {@code mayOpen} is counted down; the system's dirty bytes read as none. */
    private WholeFileSystemFlush openingOnceAllowed(CountDownLatch mayOpen) {
        return started(() -> {
            await(mayOpen);
            return realSync();
        }, () -> OptionalLong.of(0));
    }

    private Optional<FileSystemSync> realSync() {
        return FileSystemSync.open(List.of(folder));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
