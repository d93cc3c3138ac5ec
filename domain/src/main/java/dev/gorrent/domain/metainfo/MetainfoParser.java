package dev.gorrent.domain.metainfo;

import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BencodeDecoder;
import dev.gorrent.domain.bencode.BencodeDocument;
import dev.gorrent.domain.bencode.BencodeException;
import dev.gorrent.domain.bencode.ByteSpan;
import dev.gorrent.domain.piece.PieceGeometry;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a torrent file's bytes (BEP 3, with BEP 12 tracker tiers and the BEP 27 private flag) into a
 * validated {@link Metainfo}. Input is capped by {@code BencodeLimits.DEFAULT} (10 MB); file paths go
 * through {@link PathSanitizer}; the info-hash is the SHA-1 of the info dictionary's bytes exactly as
 * they stand in the file. Text (names, paths, URLs) is read as UTF-8; {@code name.utf-8} and
 * {@code path.utf-8} are not consulted. Files are numbered from 0 in messages, as in {@code info.files}.
 */
public final class MetainfoParser {
    /** libtorrent's cap: more pieces make piece bitfields and hash lists unreasonably large. */
    public static final int MAX_PIECE_COUNT = 1 << 21;

    private static final BencodeDecoder DECODER = BencodeDecoder.withDefaults();

    private MetainfoParser() {
    }

    /** @throws InvalidTorrentException naming the first problem found */
    public static Metainfo parse(byte[] torrentFile) throws InvalidTorrentException {
        BencodeDocument document = decode(torrentFile);
        if (!(document.root() instanceof BValue.BDictionary root)) {
            throw new InvalidTorrentException("not a torrent: the top-level value is not a dictionary");
        }
        DictionaryFields top = DictionaryFields.root(root);
        DictionaryFields info = DictionaryFields.nested(top.requiredDictionary("info"), "info");
        ByteSpan infoSpan = document.spanOf("info")
                .orElseThrow(() -> new IllegalStateException("the decoder reports a span for every top-level key"));
        InfoHash infoHash = InfoHash.ofInfoDictionary(torrentFile, infoSpan.offset(), infoSpan.length());

        String name = PathSanitizer.sanitizeName(info.requiredString("name").utf8());
        int pieceLength = pieceLength(info);
        BValue.BString pieces = info.requiredString("pieces");
        if (pieces.length() % PieceHashes.HASH_LENGTH != 0) {
            throw new InvalidTorrentException(info.fullName("pieces") + " has " + pieces.length()
                    + " bytes, not a multiple of " + PieceHashes.HASH_LENGTH);
        }
        boolean multiFile = info.optional("files").isPresent();
        if (multiFile == info.optional("length").isPresent()) {
            throw new InvalidTorrentException(multiFile
                    ? "info has both 'length' (single file) and 'files' (multiple files)"
                    : "info has neither 'length' (single file) nor 'files' (multiple files)");
        }
        List<FileEntry> files = multiFile ? multipleFiles(info, name) : List.of(singleFile(info, name));
        PathSanitizer.requireDistinctPaths(files);

        long totalLength = files.get(files.size() - 1).end();
        PieceHashes hashes = PieceHashes.of(pieces.bytes());
        PieceGeometry geometry = geometry(totalLength, pieceLength, hashes.count());
        boolean privateTorrent = info.optional("private")
                .filter(BValue.BInteger.class::isInstance)
                .map(flag -> ((BValue.BInteger) flag).value() != 0)
                .orElse(false);
        return new Metainfo(infoHash, name, geometry, hashes, files, multiFile, AnnounceTiers.from(root),
                privateTorrent);
    }

    private static BencodeDocument decode(byte[] torrentFile) throws InvalidTorrentException {
        try {
            return DECODER.decodeDocument(torrentFile);
        } catch (BencodeException e) {
            throw new InvalidTorrentException("not bencode: " + e.getMessage(), e);
        }
    }

    /**
     * A piece is held whole in memory while its blocks arrive, so its length bounds what one peer can make
     * us allocate. Real torrents stay at 16 MiB or below; 128 MiB is also the most {@code create} makes.
     */
    public static final int MAX_PIECE_LENGTH = PieceSizes.MAX;

    private static int pieceLength(DictionaryFields info) throws InvalidTorrentException {
        long pieceLength = info.requiredInteger("piece length");
        if (pieceLength <= 0) {
            throw new InvalidTorrentException("piece length " + pieceLength + " is not positive");
        }
        if (pieceLength > MAX_PIECE_LENGTH) {
            throw new InvalidTorrentException("piece length " + pieceLength + " is above the limit of "
                    + MAX_PIECE_LENGTH);
        }
        return (int) pieceLength;
    }

    private static FileEntry singleFile(DictionaryFields info, String name) throws InvalidTorrentException {
        long length = info.requiredInteger("length");
        if (length < 0) {
            throw new InvalidTorrentException("file length " + length + " is negative");
        }
        return new FileEntry(List.of(name), length, 0);
    }

    private static List<FileEntry> multipleFiles(DictionaryFields info, String name) throws InvalidTorrentException {
        List<BValue> list = info.requiredList("files").values();
        if (list.isEmpty()) {
            throw new InvalidTorrentException("'" + info.fullName("files") + "' is empty");
        }
        List<FileEntry> files = new ArrayList<>(list.size());
        long offset = 0;
        for (int index = 0; index < list.size(); index++) {
            String fileName = info.fullName("files") + "[" + index + "]";
            if (!(list.get(index) instanceof BValue.BDictionary dictionary)) {
                throw new InvalidTorrentException("'" + fileName + "' is not a dictionary");
            }
            DictionaryFields file = DictionaryFields.nested(dictionary, fileName);
            long length = file.requiredInteger("length");
            if (length < 0) {
                throw new InvalidTorrentException("file " + index + ": length " + length + " is negative");
            }
            List<String> path = PathSanitizer.sanitizeFilePath(name, index, pathElements(file, index));
            files.add(new FileEntry(path, length, offset));
            try {
                offset = Math.addExact(offset, length);
            } catch (ArithmeticException e) {
                throw new InvalidTorrentException("file " + index + ": the total length of the files exceeds "
                        + Long.MAX_VALUE + " bytes");
            }
        }
        return files;
    }

    private static List<String> pathElements(DictionaryFields file, int index) throws InvalidTorrentException {
        List<BValue> elements = file.requiredList("path").values();
        PathSanitizer.requirePossibleDepth(index, elements.size());
        List<String> texts = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            if (!(elements.get(i) instanceof BValue.BString element)) {
                throw new InvalidTorrentException("'" + file.fullName("path") + "[" + i + "]' is not a string");
            }
            texts.add(element.utf8());
        }
        return texts;
    }

    private static PieceGeometry geometry(long totalLength, int pieceLength, int hashCount)
            throws InvalidTorrentException {
        if (totalLength == 0) {
            throw new InvalidTorrentException("torrent holds no data: its files total 0 bytes");
        }
        long pieceCount = totalLength / pieceLength + (totalLength % pieceLength == 0 ? 0 : 1);
        if (pieceCount > MAX_PIECE_COUNT) {
            throw new InvalidTorrentException("piece count " + pieceCount + " is above the limit of " + MAX_PIECE_COUNT
                    + " (" + totalLength + " bytes in pieces of " + pieceLength + ")");
        }
        if (hashCount != pieceCount) {
            throw new InvalidTorrentException("info.pieces holds " + hashCount + " hashes, but " + totalLength
                    + " bytes in pieces of " + pieceLength + " make " + pieceCount + " pieces");
        }
        return new PieceGeometry(totalLength, pieceLength);
    }
}
