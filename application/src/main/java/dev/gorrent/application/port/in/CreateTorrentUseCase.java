package dev.gorrent.application.port.in;

/** Makes a torrent file from a file or folder, hashing its pieces. */
public interface CreateTorrentUseCase {

    /**
     * Lists the content, chooses the piece length when asked to, hashes every piece and encodes the
     * torrent. Writes nothing: the caller stores {@link CreateTorrentResult#torrent()} where it wants.
     *
     * @param progress told how far hashing has got; see {@link HashingProgress} for which threads call it
     * @throws CreateTorrentException when the content cannot make a torrent or cannot be read
     * @throws InterruptedException   when the calling thread is interrupted; hashing stops first
     */
    CreateTorrentResult create(CreateTorrentRequest request, HashingProgress progress)
            throws CreateTorrentException, InterruptedException;
}
