package dev.gorrent.application.service;

import dev.gorrent.application.service.fakes.InMemoryStorage;
import dev.gorrent.application.service.fakes.TestTorrent;
import dev.gorrent.domain.piece.Bitfield;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StorageCheckerTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void findsExactlyThePiecesWhoseBytesMatchWhateverTheRunsAndThreads() throws Exception {
        TestTorrent torrent = TestTorrent.random(3, 101 * 1024 + 17, 1024, List.of());
        InMemoryStorage storage = new InMemoryStorage(torrent.geometry());
        Bitfield expected = new Bitfield(torrent.pieceCount());
        for (int piece = 0; piece < torrent.pieceCount(); piece++) {
            if (piece % 5 == 1) {
                continue; // never written: the storage says it cannot hold it
            }
            byte[] bytes = torrent.piece(piece);
            if (piece % 7 == 3) {
                bytes[0] ^= 1; // there, but damaged
            } else {
                expected.set(piece);
            }
            storage.preload(piece, bytes);
        }

        for (int runBytes : new int[] {1, 3 * 1024, 16 << 20}) {
            for (int threads : new int[] {1, 3}) {
                Bitfield found = new StorageChecker(torrent.metainfo(), storage, new JdkSha1Digests(), pool, threads,
                        runBytes).check();
                assertEquals(expected, found, runBytes + "-byte runs on " + threads + " threads");
            }
        }
    }
}
