package dev.gorrent.cli;

import dev.gorrent.domain.metainfo.FileEntry;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.metainfo.MetainfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs {@code gorrent create} in-process on real folders, and checks the torrents with our parser and libtorrent's. */
class CreateCommandTest {
    /** Debian's python3-libtorrent is installed for the system interpreter, not for a pyenv one on PATH. */
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";

    @TempDir
    Path temp;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run gorrent(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    private static byte[] bytes(int length, int seed) {
        byte[] data = new byte[length];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    /** An album with nested folders, an empty file, a hidden file and an empty folder. */
    private Path album() throws IOException {
        Path album = temp.resolve("album");
        write(album.resolve("01 intro.flac"), bytes(100_000, 1));
        write(album.resolve("empty.txt"), new byte[0]);
        write(album.resolve(".hidden"), bytes(17, 2));
        write(album.resolve("disc 2").resolve("deeper").resolve("02.flac"), bytes(250_001, 3));
        write(album.resolve("disc 2").resolve("cover.jpg"), bytes(33_333, 4));
        Files.createDirectories(album.resolve("nothing here"));
        return album;
    }

    private static Metainfo parse(Path torrent) throws Exception {
        return MetainfoParser.parse(Files.readAllBytes(torrent));
    }

    /** Hashes the files on disk, in the torrent's order, and compares every piece. */
    private static void assertHashesMatchTheData(Metainfo metainfo, Path downloadFolder) throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (FileEntry file : metainfo.files()) {
            Path location = downloadFolder;
            for (String element : file.path()) {
                location = location.resolve(element);
            }
            stream.writeBytes(Files.readAllBytes(location));
        }
        byte[] data = stream.toByteArray();
        assertEquals(metainfo.totalLength(), data.length);
        int pieceLength = metainfo.geometry().pieceLength();
        for (int piece = 0; piece < metainfo.pieceCount(); piece++) {
            int from = piece * pieceLength;
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(Arrays.copyOfRange(data, from, Math.min(data.length, from + pieceLength)));
            assertTrue(metainfo.pieceHashes().matches(piece, digest), "piece " + piece + " matches the data");
        }
    }

    /** What libtorrent makes of a torrent file: info-hash, piece count, total size and file count. */
    private static List<String> libtorrentView(Path torrent) throws Exception {
        Process python = new ProcessBuilder(SYSTEM_PYTHON, "-c",
                "import sys, libtorrent as lt; ti = lt.torrent_info(sys.argv[1]); "
                        + "print(ti.info_hash(), ti.num_pieces(), ti.total_size(), ti.num_files())",
                torrent.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), "python exited");
        assertEquals(0, python.exitValue(), "libtorrent read the torrent: " + output);
        return List.of(output.split(" "));
    }

    private static List<String> ourView(Metainfo metainfo) {
        return List.of(metainfo.infoHash().toHex(), String.valueOf(metainfo.pieceCount()),
                String.valueOf(metainfo.totalLength()), String.valueOf(metainfo.files().size()));
    }

    @Test
    void aFolderMakesAMultiFileTorrentWhoseHashesVerifyAgainstTheData() throws Exception {
        Path album = album();
        Path torrent = temp.resolve("out").resolve("album.torrent");
        Files.createDirectories(torrent.getParent());

        Run run = gorrent("create", album.toString(), "-o", torrent.toString(), "--piece-size", "16K",
                "--tracker", "http://tracker.example/announce", "-t", "udp://other.example:6969/announce",
                "--private", "--comment", "test album");

        assertEquals(0, run.exitCode(), run.err());
        Metainfo metainfo = parse(torrent);
        assertTrue(metainfo.multiFile());
        assertEquals("album", metainfo.name());
        assertEquals(16 * 1024, metainfo.geometry().pieceLength());
        assertEquals(List.of(
                List.of("album", ".hidden"),
                List.of("album", "01 intro.flac"),
                List.of("album", "disc 2", "cover.jpg"),
                List.of("album", "disc 2", "deeper", "02.flac"),
                List.of("album", "empty.txt")), metainfo.files().stream().map(FileEntry::path).toList());
        assertEquals(0, metainfo.files().get(4).length());
        assertEquals(List.of(List.of("http://tracker.example/announce"), List.of("udp://other.example:6969/announce")),
                metainfo.trackerTiers());
        assertTrue(metainfo.privateTorrent());
        assertHashesMatchTheData(metainfo, temp);
        assertTrue(run.out().contains("info-hash:  " + metainfo.infoHash().toHex()), run.out());
        assertTrue(run.out().contains("pieces:     " + metainfo.pieceCount() + " of 16 KiB"), run.out());
    }

    @Test
    void libtorrentReadsAFolderTorrentAsWeDo() throws Exception {
        Path torrent = temp.resolve("album.torrent");

        Run run = gorrent("create", album().toString(), "-o", torrent.toString());

        assertEquals(0, run.exitCode(), run.err());
        Metainfo metainfo = parse(torrent);
        assertEquals(5, metainfo.files().size());
        assertEquals(ourView(metainfo), libtorrentView(torrent));
    }

    @Test
    void aria2ReadsAFolderTorrentAsWeDo() throws Exception {
        Path torrent = temp.resolve("album-for-aria2.torrent");

        Run run = gorrent("create", album().toString(), "-o", torrent.toString(), "--piece-size", "16K");

        assertEquals(0, run.exitCode(), run.err());
        Metainfo metainfo = parse(torrent);
        String shown = aria2View(torrent);
        assertTrue(shown.contains("Info Hash: " + metainfo.infoHash().toHex()), shown);
        assertTrue(shown.contains("The Number of Pieces: " + metainfo.pieceCount()), shown);
        assertTrue(shown.contains("(" + String.format(java.util.Locale.ROOT, "%,d", metainfo.totalLength()) + ")"),
                shown);
        for (FileEntry file : metainfo.files()) {
            assertTrue(shown.contains("./" + file.displayPath()), "aria2 lists " + file.displayPath() + ": " + shown);
        }
    }

    /** What aria2 shows of a torrent file ({@code aria2c -S}); CI installs Debian's aria2. */
    private static String aria2View(Path torrent) throws Exception {
        Process aria2 = new ProcessBuilder("aria2c", "-S", torrent.toString()).redirectErrorStream(true).start();
        String output = new String(aria2.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(aria2.waitFor(60, TimeUnit.SECONDS), "aria2c exited");
        assertEquals(0, aria2.exitValue(), "aria2 read the torrent: " + output);
        return output;
    }

    @Test
    void aFileMakesASingleFileTorrentThatLibtorrentReadsAsWeDo() throws Exception {
        Path file = temp.resolve("movie.mkv");
        write(file, bytes(1_000_003, 5));
        Path torrent = temp.resolve("out.torrent");

        Run run = gorrent("create", file.toString(), "-o", torrent.toString(), "--piece-size", "64KiB");

        assertEquals(0, run.exitCode(), run.err());
        Metainfo metainfo = parse(torrent);
        assertFalse(metainfo.multiFile());
        assertEquals("movie.mkv", metainfo.name());
        assertEquals(16, metainfo.pieceCount());
        assertHashesMatchTheData(metainfo, temp);
        assertEquals(ourView(metainfo), libtorrentView(torrent));
    }

    @Test
    void theSameContentMakesTheSameInfoHash() throws Exception {
        Path album = album();
        assertEquals(0, gorrent("create", album.toString(), "-o", temp.resolve("one.torrent").toString()).exitCode());
        assertEquals(0, gorrent("create", album.toString(), "-o", temp.resolve("two.torrent").toString()).exitCode());

        assertEquals(parse(temp.resolve("one.torrent")).infoHash(), parse(temp.resolve("two.torrent")).infoHash());
    }

    @Test
    void leavesNoTemporaryFileBehind() throws Exception {
        Path out = Files.createDirectories(temp.resolve("out"));

        assertEquals(0, gorrent("create", album().toString(), "-o", out.resolve("a.torrent").toString()).exitCode());

        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(out.resolve("a.torrent")), files.toList());
        }
    }

    @Test
    void refusesToReplaceAnExistingFileWithoutForce() throws Exception {
        Path album = album();
        Path torrent = temp.resolve("album.torrent");
        Files.writeString(torrent, "keep me");

        Run refused = gorrent("create", album.toString(), "-o", torrent.toString());

        assertEquals(ExitCodes.BAD_INPUT, refused.exitCode());
        assertEquals("gorrent: output " + torrent + " already exists; use --force to replace it\n", refused.err());
        assertEquals("keep me", Files.readString(torrent));

        Run forced = gorrent("create", album.toString(), "-o", torrent.toString(), "--force");

        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals("album", parse(torrent).name());
    }

    @Test
    void aMissingPathIsBadInput() {
        Path missing = temp.resolve("nope");

        Run run = gorrent("create", missing.toString(), "-o", temp.resolve("x.torrent").toString());

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("gorrent: " + missing + ": no such file or folder\n", run.err());
        assertFalse(Files.exists(temp.resolve("x.torrent")));
    }

    @Test
    void aMissingPathArgumentIsBadUsage() {
        Run run = gorrent("create");

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("Missing required parameter: 'PATH'"), run.err());
    }

    @Test
    void anEmptyFolderIsBadInput() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty").resolve("sub"));

        Run run = gorrent("create", empty.getParent().toString(), "-o", temp.resolve("x.torrent").toString());

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("gorrent: " + empty.getParent() + ": the folder holds no files\n", run.err());
    }

    @Test
    void aFolderOfEmptyFilesIsBadInput() throws Exception {
        write(temp.resolve("blank").resolve("a"), new byte[0]);

        Run run = gorrent("create", temp.resolve("blank").toString(), "-o", temp.resolve("x.torrent").toString());

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertEquals("gorrent: blank holds no data: its files total 0 bytes\n", run.err());
    }

    @Test
    void anOutputFolderThatDoesNotExistIsBadInput() throws Exception {
        Path torrent = temp.resolve("no such folder").resolve("x.torrent");

        Run run = gorrent("create", album().toString(), "-o", torrent.toString());

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("gorrent: cannot write " + torrent + ": folder "), run.err());
        assertEquals(1, run.err().lines().count());
    }

    @Test
    void anOutputInsideTheSharedFolderIsRefused() throws Exception {
        Path album = album();

        Run run = gorrent("create", album.toString(), "-o", album.resolve("album.torrent").toString());

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("which is being shared; choose another place with -o"), run.err());
        assertFalse(Files.exists(album.resolve("album.torrent")));
    }

    @Test
    void aLinkLeavingTheFolderIsBadInput() throws Exception {
        Path album = album();
        write(temp.resolve("secret"), bytes(10, 6));
        Files.createSymbolicLink(album.resolve("escape"), temp.resolve("secret"));

        Run run = gorrent("create", album.toString(), "-o", temp.resolve("x.torrent").toString());

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("gorrent: " + album.resolve("escape") + ": is a symbolic link to "), run.err());
    }

    @Test
    void aPieceSizeThatIsNotAPowerOfTwoIsBadUsage() throws Exception {
        Run run = gorrent("create", album().toString(), "-o", temp.resolve("x.torrent").toString(),
                "--piece-size", "300K");

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("piece size '300K' is not a power of two; try 256 KiB or 512 KiB"), run.err());
    }

    @Test
    void aTrackerThatIsNotAUrlIsBadUsage() throws Exception {
        Run run = gorrent("create", album().toString(), "-o", temp.resolve("x.torrent").toString(),
                "--tracker", "ftp://tracker.example/announce");

        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("must start with http://, https:// or udp://"), run.err());
    }

    @Test
    void quietPrintsNothingButStillWrites() throws Exception {
        Path torrent = temp.resolve("q.torrent");

        Run run = gorrent("create", album().toString(), "-o", torrent.toString(), "-q");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals("album", parse(torrent).name());
    }

    @Test
    void theTopLevelHelpListsCreate() {
        Run run = gorrent("--help");

        assertTrue(run.out().contains("create"), run.out());
    }
}
