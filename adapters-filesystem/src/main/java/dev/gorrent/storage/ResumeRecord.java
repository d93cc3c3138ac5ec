package dev.gorrent.storage;

import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BValue.BDictionary;
import dev.gorrent.domain.bencode.BValue.BInteger;
import dev.gorrent.domain.bencode.BValue.BList;
import dev.gorrent.domain.bencode.BValue.BString;
import dev.gorrent.domain.bencode.BencodeDecoder;
import dev.gorrent.domain.bencode.BencodeEncoder;
import dev.gorrent.domain.bencode.BencodeException;
import dev.gorrent.domain.bencode.BencodeLimits;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.piece.Bitfield;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content of a resume record and its bencoded form: a dictionary with a format version, the torrent's raw
 * info-hash, its piece count, the verified pieces in wire order and, per file in torrent order, a dictionary with
 * the file's size and modification time. Immutable (the bitfield is copied in and out), so any thread may use it.
 */
record ResumeRecord(InfoHash infoHash, Bitfield verified, List<FileStamp> files) {
    /** Bumped whenever the layout changes; a record of another version is ignored, which costs one re-hash. */
    static final int FORMAT = 1;

    private static final String FORMAT_KEY = "format";
    private static final String INFO_HASH_KEY = "info-hash";
    private static final String PIECES_KEY = "pieces";
    private static final String VERIFIED_KEY = "verified";
    private static final String FILES_KEY = "files";
    private static final String LENGTH_KEY = "length";
    private static final String MODIFIED_KEY = "mtime-ns";

    /** Generous bytes per file entry: two keys and two 64-bit integers take at most 64. */
    private static final long BYTES_PER_FILE = 96;
    private static final long FIXED_BYTES = 512;

    ResumeRecord {
        verified = verified.copy();
        files = List.copyOf(files);
    }

    @Override
    public Bitfield verified() {
        return verified.copy();
    }

    /** The most bytes a well-formed record for this many pieces and files can take; anything larger is not one. */
    static int maxBytes(int pieceCount, int fileCount) {
        long bound = FIXED_BYTES + 2L * Bitfield.byteLength(pieceCount) + BYTES_PER_FILE * fileCount;
        return (int) Math.min(bound, Integer.MAX_VALUE - 8);
    }

    byte[] encode() {
        List<BValue> fileStamps = new ArrayList<>(files.size());
        for (FileStamp stamp : files) {
            Map<String, BValue> entry = new LinkedHashMap<>();
            entry.put(LENGTH_KEY, new BInteger(stamp.size()));
            entry.put(MODIFIED_KEY, new BInteger(stamp.modifiedNanos()));
            fileStamps.add(new BDictionary(entry));
        }
        Map<String, BValue> root = new LinkedHashMap<>();
        root.put(FORMAT_KEY, new BInteger(FORMAT));
        root.put(INFO_HASH_KEY, new BString(infoHash.toBytes()));
        root.put(PIECES_KEY, new BInteger(verified.size()));
        root.put(VERIFIED_KEY, new BString(verified.toBytes()));
        root.put(FILES_KEY, new BList(fileStamps));
        return BencodeEncoder.encode(new BDictionary(root));
    }

    /**
     * Reads a record written by {@link #encode}; empty for anything else (garbage, another format version, a field
     * missing or of the wrong type, a bitfield that does not fit its piece count). Whether the record belongs to a
     * torrent and still matches its files is for the caller to check.
     */
    static Optional<ResumeRecord> decode(byte[] bytes, int maxFiles) {
        // Depth: root dictionary, files list, file dictionary. Tokens: the root's ten, plus five per file.
        long tokens = 32L + 8L * maxFiles;
        BencodeDecoder decoder = new BencodeDecoder(new BencodeLimits(4, (int) Math.min(tokens, Integer.MAX_VALUE),
                Math.max(1, bytes.length)));
        BValue decoded;
        try {
            decoded = decoder.decode(bytes);
        } catch (BencodeException e) {
            return Optional.empty();
        }
        if (!(decoded instanceof BDictionary root)) {
            return Optional.empty();
        }
        Optional<Long> format = integer(root, FORMAT_KEY);
        Optional<Long> pieces = integer(root, PIECES_KEY);
        Optional<byte[]> hash = string(root, INFO_HASH_KEY);
        Optional<byte[]> verified = string(root, VERIFIED_KEY);
        if (format.isEmpty() || format.get() != FORMAT || pieces.isEmpty() || hash.isEmpty()
                || verified.isEmpty() || hash.get().length != InfoHash.LENGTH
                || pieces.get() < 0 || pieces.get() > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        Optional<List<FileStamp>> stamps = fileStamps(root, maxFiles);
        if (stamps.isEmpty()) {
            return Optional.empty();
        }
        Bitfield bitfield;
        try {
            bitfield = Bitfield.fromBytes(verified.get(), pieces.get().intValue());
        } catch (IllegalArgumentException wrongLengthOrSpareBits) {
            return Optional.empty();
        }
        return Optional.of(new ResumeRecord(InfoHash.of(hash.get()), bitfield, stamps.get()));
    }

    private static Optional<List<FileStamp>> fileStamps(BDictionary root, int maxFiles) {
        Optional<List<BValue>> entries = root.get(FILES_KEY).filter(BList.class::isInstance)
                .map(value -> ((BList) value).values());
        if (entries.isEmpty() || entries.get().size() > maxFiles) {
            return Optional.empty();
        }
        List<FileStamp> stamps = new ArrayList<>(entries.get().size());
        for (BValue value : entries.get()) {
            if (!(value instanceof BDictionary entry)) {
                return Optional.empty();
            }
            Optional<Long> length = integer(entry, LENGTH_KEY);
            Optional<Long> modified = integer(entry, MODIFIED_KEY);
            if (length.isEmpty() || modified.isEmpty()) {
                return Optional.empty();
            }
            stamps.add(new FileStamp(length.get(), modified.get()));
        }
        return Optional.of(stamps);
    }

    private static Optional<Long> integer(BDictionary dictionary, String key) {
        return dictionary.get(key).filter(BInteger.class::isInstance).map(value -> ((BInteger) value).value());
    }

    private static Optional<byte[]> string(BDictionary dictionary, String key) {
        return dictionary.get(key).filter(BString.class::isInstance).map(value -> ((BString) value).bytes());
    }
}
