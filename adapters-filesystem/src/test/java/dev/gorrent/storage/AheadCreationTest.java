package dev.gorrent.storage;

import dev.gorrent.domain.metainfo.Metainfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static dev.gorrent.storage.Torrents.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AheadCreationTest {
    @TempDir
    Path downloads;

    @Test
    void createsEveryMissingFileAtFullLengthAndMarksIt() throws Exception {
        List<StoredFile> files = prepare(manyFiles(30));
        AtomicIntegerArray present = presentAtOpen(files);
        AheadCreation creation = new AheadCreation(files, present);

        creation.startOnce();
        awaitAllPresent(present);
        creation.stop();

        for (StoredFile stored : files) {
            assertEquals(stored.entry().length(), Files.size(stored.ioPath()), stored.path().toString());
        }
    }

    @Test
    void leavesAFileAWriterCreatedFirstAloneAndGoesOn() throws Exception {
        List<StoredFile> files = prepare(Torrents.multiFile("t", 16,
                List.of(file(4096, "t", "a"), file(100, "t", "b"))));
        StoredFile writers = files.get(0);
        // A writer got there first: it created the file and wrote its last bytes, but has not marked it yet.
        byte[] tail = {1, 2, 3, 4};
        Files.write(writers.ioPath(), new byte[4092]);
        Files.write(writers.ioPath(), tail, StandardOpenOption.APPEND);
        AtomicIntegerArray present = new AtomicIntegerArray(2);
        AheadCreation creation = new AheadCreation(files, present);

        creation.startOnce();
        awaitPresent(present, 1);
        creation.stop();

        byte[] content = Files.readAllBytes(writers.ioPath());
        assertEquals(4096, content.length);
        assertArrayEquals(tail, Arrays.copyOfRange(content, 4092, 4096));
        assertEquals(0, present.get(0), "the writer marks its own file");
        assertEquals(100, Files.size(files.get(1).ioPath()));
    }

    @Test
    void noFileAppearsAfterStopAndAStoppedCreationNeverStarts() throws Exception {
        List<StoredFile> files = prepare(manyFiles(400));
        AheadCreation creation = new AheadCreation(files, presentAtOpen(files));

        creation.startOnce();
        creation.stop();
        List<Path> existing = existing(files);
        TimeUnit.MILLISECONDS.sleep(50);

        assertEquals(existing, existing(files));

        List<StoredFile> others = prepare(Torrents.multiFile("other", 16, List.of(file(10, "other", "x"))));
        AheadCreation stoppedFirst = new AheadCreation(others, presentAtOpen(others));
        stoppedFirst.stop();
        stoppedFirst.startOnce();
        TimeUnit.MILLISECONDS.sleep(50);
        assertFalse(Files.exists(others.get(0).ioPath()));
    }

    private static Metainfo manyFiles(int count) {
        List<Torrents.Spec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(file(1000 + i, "many", "d" + (i % 7), "f" + i));
        }
        return Torrents.multiFile("many", 4096, specs);
    }

    private List<StoredFile> prepare(Metainfo torrent) throws Exception {
        return DiskLayout.under(downloads).prepare(torrent.files());
    }

    private static AtomicIntegerArray presentAtOpen(List<StoredFile> files) {
        AtomicIntegerArray present = new AtomicIntegerArray(files.size());
        for (int i = 0; i < files.size(); i++) {
            present.set(i, files.get(i).atOpen() == StoredFile.AtOpen.MISSING ? 0 : 1);
        }
        assertTrue(files.stream().allMatch(file -> file.atOpen() == StoredFile.AtOpen.MISSING), "all missing at open");
        return present;
    }

    private static void awaitAllPresent(AtomicIntegerArray present) throws InterruptedException {
        for (int i = 0; i < present.length(); i++) {
            awaitPresent(present, i);
        }
    }

    private static void awaitPresent(AtomicIntegerArray present, int file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (present.get(file) == 0) {
            assertTrue(System.nanoTime() < deadline, "file " + file + " was not created in 20 s");
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static List<Path> existing(List<StoredFile> files) {
        return files.stream().map(StoredFile::ioPath).filter(Files::exists).toList();
    }
}
