package dev.gorrent.cli.e2e;

import dev.gorrent.cli.e2e.HostilePeer.Misbehaviour;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.metainfo.MetainfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A download beside one honest libtorrent seed and a crowd of fake peers, each misbehaving in one
 * way ({@link HostilePeer.Misbehaviour}), in a 256 MiB heap: it completes byte-identical, and Gorrent
 * hangs up on every peer that broke the protocol, bans the one that sent bad data, and does not wait
 * for the one that stalls.
 *
 * <p>Gorrent runs with {@code --seed}, so that it keeps running after completing: whatever
 * connections are closed at that point, Gorrent closed on purpose, not by exiting. {@code -v} makes
 * it name each dropped peer and why.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostilePeersIT {
    private static final int PIECE_SIZE = 32 * TestData.KIB;
    /** About 3 s for the torrent: time for every fake to do its worst while the download runs. */
    private static final long SEED_BYTES_PER_SECOND = 2L * TestData.MIB;
    /** Bounds against hangs, not speed targets. */
    private static final Duration COMPLETE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** What {@code -v} says when Gorrent drops each kind of protocol breaker. */
    private static final Map<Misbehaviour, String> DROP_REASONS = new EnumMap<>(Map.of(
            Misbehaviour.OVERSIZED_FRAME, "a message announced 2147483647 bytes, more than the",
            Misbehaviour.BITFIELD_WRONG_LENGTH, "sent a bad bitfield: bitfield of 22 bytes for 161 pieces",
            Misbehaviour.BITFIELD_SPARE_BITS, "sent a bad bitfield: bitfield sets spare bit 161",
            Misbehaviour.HAVE_OUTSIDE_TORRENT, "sent HAVE for piece 161 of 161",
            Misbehaviour.PIECE_OUTSIDE_TORRENT, "sent a block we cannot have asked for: piece 171",
            Misbehaviour.PIECE_WRONG_SIZE, "sent a block we cannot have asked for",
            Misbehaviour.BAD_DATA, "sent data that failed the hash check"));
    /** Refused during the handshake: these never become peers, so only the fake sees the hang-up. */
    private static final List<Misbehaviour> REFUSED_AT_HANDSHAKE =
            List.of(Misbehaviour.GARBAGE_HANDSHAKE, Misbehaviour.WRONG_INFO_HASH);

    @RegisterExtension
    static final OpenTrackerPerClass tracker = new OpenTrackerPerClass();

    @Test
    void completesByteIdenticalBesideEveryKindOfMisbehavingPeer(@TempDir Path temp) throws Exception {
        TestData.Payload payload = TestData.singleFile(temp.resolve("seed"));
        LibtorrentTorrent torrent = LibtorrentTorrent.create(payload.root(), temp.resolve("hostile.torrent"),
                tracker.running().announceUrl(), PIECE_SIZE);
        tracker.running().allow(torrent.infoHashHex());
        Metainfo metainfo = MetainfoParser.parse(Files.readAllBytes(torrent.file()));
        // The fakes' messages and the reasons above are written for this shape.
        assertEquals(161, metainfo.pieceCount());
        assertNotEquals(0, metainfo.pieceCount() % 8, "spare bits need a piece count that is not a multiple of 8");
        byte[] infoHash = HexFormat.of().parseHex(torrent.infoHashHex());
        Path downloads = temp.resolve("downloads");

        List<HostilePeer> fakes = new ArrayList<>();
        try (LibtorrentSeed seed = LibtorrentSeed.start(torrent.file(), payload.saveDir(), SEED_BYTES_PER_SECOND)) {
            for (Misbehaviour misbehaviour : Misbehaviour.values()) {
                fakes.add(HostilePeer.start(misbehaviour, infoHash, metainfo.pieceCount()));
            }
            List<String> args = new ArrayList<>(List.of("download", torrent.file().toString(),
                    "--dir", downloads.toString(), "--port", Integer.toString(E2eEnvironment.freeLoopbackPort()),
                    "--seed", "-v"));
            for (HostilePeer fake : fakes) {
                args.addAll(List.of("--peer", fake.address()));
            }
            args.addAll(List.of("--peer", "127.0.0.1:" + seed.port()));

            try (ChildProcess gorrent = HostileJvm.of(temp, HostileJvm.SMALL_HEAP).start(args.toArray(String[]::new))) {
                Optional<String> complete = gorrent.awaitStdoutLine(line -> line.contains(": complete, "),
                        "the completion line", COMPLETE_TIMEOUT);
                String context = gorrent.describe() + "\n" + describe(fakes) + "\n" + seed.describe();
                assertTrue(complete.isPresent(), "gorrent ended before completing\n" + context);
                assertTrue(gorrent.isAlive(), "gorrent --seed exited after completing\n" + context);

                // Gorrent still runs: every hang-up seen so far was its own decision.
                assertHungUpOnProtocolBreakers(fakes, gorrent.stdoutText(), context);
                assertBannedTheBadDataPeer(find(fakes, Misbehaviour.BAD_DATA), gorrent, context);
                assertTrue(find(fakes, Misbehaviour.STALL).connections().stream().anyMatch(c -> c.handshakeReceived()),
                        "the staller was dialled, and the download did not wait for it\n" + context);

                System.out.println("HostilePeersIT: " + complete.get() + "\n" + describe(fakes)
                        + String.join("\n", gorrent.stdoutText().lines()
                                .filter(line -> line.contains(" dropped: ")).toList()));
                gorrent.signal("INT");
                Optional<Integer> exit = gorrent.awaitExit(STOP_TIMEOUT);
                assertEquals(Optional.of(0), exit, "gorrent --seed stopped by Ctrl-C\n" + gorrent.describe());
                FileTrees.assertSameFiles(payload, downloads, gorrent.describe() + "\n" + describe(fakes));
                assertFalse(gorrent.stderrText().contains("OutOfMemoryError"), gorrent.describe());
            }
        } finally {
            fakes.forEach(HostilePeer::close);
        }
    }

    private static void assertHungUpOnProtocolBreakers(List<HostilePeer> fakes, String stdout, String context) {
        for (HostilePeer fake : fakes) {
            boolean breaker = DROP_REASONS.containsKey(fake.misbehaviour())
                    || REFUSED_AT_HANDSHAKE.contains(fake.misbehaviour());
            if (!breaker) {
                continue;
            }
            List<HostilePeer.Connection> connections = fake.connections();
            assertFalse(connections.isEmpty(), "gorrent never dialled " + fake.describe() + "\n" + context);
            assertEquals(HostilePeer.Ending.GORRENT_HUNG_UP, connections.get(0).ending(),
                    "gorrent kept talking to " + fake.describe() + "\n" + context);
            String reason = DROP_REASONS.get(fake.misbehaviour());
            if (reason != null) {
                String dropped = "peer " + fake.address() + " dropped: ";
                assertTrue(stdout.lines().anyMatch(line -> line.startsWith(dropped) && line.contains(reason)),
                        "no line \"" + dropped + "..." + reason + "...\"\n" + context);
            }
        }
    }

    /**
     * Two pieces made only of its blocks fail: a whole strike each, banned at two. It is dialled once
     * and never again, and each failed piece is reported.
     */
    private static void assertBannedTheBadDataPeer(HostilePeer bad, ChildProcess gorrent, String context) {
        List<HostilePeer.Connection> connections = bad.connections();
        assertEquals(1, connections.size(), "a banned peer is not dialled again: " + bad.describe() + "\n" + context);
        assertTrue(connections.get(0).blocksSent() > 0, "gorrent asked the bad peer for data\n" + context);
        long failedPieces = gorrent.stderrText().lines()
                .filter(line -> line.matches("warning: piece \\d+ from " + bad.address().replace(".", "\\.")
                        + " failed its hash check; fetching it again"))
                .count();
        assertTrue(failedPieces >= 2, failedPieces + " failed pieces reported for the bad peer\n" + context);
    }

    private static HostilePeer find(List<HostilePeer> fakes, Misbehaviour misbehaviour) {
        return fakes.stream().filter(fake -> fake.misbehaviour() == misbehaviour).findFirst().orElseThrow();
    }

    private static String describe(List<HostilePeer> fakes) {
        StringBuilder out = new StringBuilder("--- fake peers:\n");
        fakes.forEach(fake -> out.append(fake.describe()).append('\n'));
        return out.toString();
    }
}
