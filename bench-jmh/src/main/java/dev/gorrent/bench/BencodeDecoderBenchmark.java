package dev.gorrent.bench;

import dev.gorrent.domain.bencode.BencodeDecoder;
import dev.gorrent.domain.bencode.BencodeDocument;
import dev.gorrent.domain.bencode.BencodeException;
import dev.gorrent.domain.metainfo.InvalidTorrentException;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.metainfo.MetainfoParser;

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
 * Decoding a large torrent file (about 1 MB: 1,500 files in folders, about 45,000 piece hashes),
 * as the bencode decoder alone and as the whole metainfo parse (decode, validate, info-hash).
 * One benchmark thread; the state is read-only after setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BencodeDecoderBenchmark {
    private static final int TORRENT_BYTES = 1_000_000;

    private byte[] torrent;
    private BencodeDecoder decoder;

    @Setup
    public void makeTorrent() throws InvalidTorrentException {
        torrent = RealisticTorrent.ofAbout(TORRENT_BYTES, 7);
        decoder = BencodeDecoder.withDefaults();
        // Fails the run early, rather than timing an error path, should the torrent not be valid.
        MetainfoParser.parse(torrent);
    }

    /** The strict, bounded decoder on its own. */
    @Benchmark
    public BencodeDocument decode() throws BencodeException {
        return decoder.decodeDocument(torrent);
    }

    /** What opening a torrent file costs: decode, validate every field, SHA-1 of the info dictionary. */
    @Benchmark
    public Metainfo parseMetainfo() throws InvalidTorrentException {
        return MetainfoParser.parse(torrent);
    }
}
