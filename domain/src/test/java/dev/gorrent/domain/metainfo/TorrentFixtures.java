package dev.gorrent.domain.metainfo;

import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BencodeEncoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds torrent files for tests: a name, a piece length and files with their contents go in, the
 * bencoded torrent (with correct piece hashes) comes out. Single use per builder, one thread.
 */
public final class TorrentFixtures {
    private TorrentFixtures() {
    }

    /** One file of a fixture torrent: its path below the torrent's name, and its content. */
    public record FixtureFile(List<String> path, byte[] content) {
        public FixtureFile {
            path = List.copyOf(path);
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    public static FixtureFile file(String utf8Content, String... path) {
        return new FixtureFile(List.of(path), utf8Content.getBytes(StandardCharsets.UTF_8));
    }

    public static FixtureFile file(byte[] content, String... path) {
        return new FixtureFile(List.of(path), content);
    }

    /** A torrent without {@code files}: one file named {@code name}. */
    public static Builder singleFile(String name, byte[] content) {
        return new Builder(name, List.of(), content);
    }

    /** A torrent with a {@code files} list; the name is the top folder. */
    public static Builder multiFile(String name, FixtureFile... files) {
        return new Builder(name, List.of(files), null);
    }

    /** Collects a torrent's fields; every getter encodes what has been set so far. */
    public static final class Builder {
        private final String name;
        private final List<FixtureFile> files;
        private final byte[] singleContent;
        private int pieceLength = 16 * 1024;
        private final Map<String, BValue> infoOverrides = new LinkedHashMap<>();
        private final List<String> infoRemovals = new ArrayList<>();
        private final Map<String, BValue> topEntries = new LinkedHashMap<>();

        private Builder(String name, List<FixtureFile> files, byte[] singleContent) {
            this.name = name;
            this.files = files;
            this.singleContent = singleContent;
        }

        public Builder pieceLength(int bytes) {
            pieceLength = bytes;
            return this;
        }

        public Builder announce(String url) {
            return top("announce", str(url));
        }

        public Builder announceList(List<List<String>> tiers) {
            List<BValue> encoded = tiers.stream()
                    .<BValue>map(tier -> new BValue.BList(tier.stream().<BValue>map(TorrentFixtures::str).toList()))
                    .toList();
            return top("announce-list", new BValue.BList(encoded));
        }

        public Builder privateFlag(long value) {
            return info("private", new BValue.BInteger(value));
        }

        /** Sets or replaces an info key, overriding what the builder computes (say a wrong {@code pieces}). */
        public Builder info(String key, BValue value) {
            infoOverrides.put(key, value);
            infoRemovals.remove(key);
            return this;
        }

        public Builder withoutInfo(String key) {
            infoRemovals.add(key);
            return this;
        }

        /** Sets a key of the top-level dictionary next to {@code info}. */
        public Builder top(String key, BValue value) {
            topEntries.put(key, value);
            return this;
        }

        /** Every file's content, concatenated in file order: the torrent's byte stream. */
        public byte[] content() {
            if (singleContent != null) {
                return singleContent.clone();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            files.forEach(file -> out.writeBytes(file.content()));
            return out.toByteArray();
        }

        public BValue.BDictionary infoDictionary() {
            Map<String, BValue> info = new LinkedHashMap<>();
            info.put("name", str(name));
            info.put("piece length", new BValue.BInteger(pieceLength));
            info.put("pieces", new BValue.BString(pieceHashes(content(), pieceLength)));
            if (singleContent != null) {
                info.put("length", new BValue.BInteger(singleContent.length));
            } else {
                List<BValue> entries = new ArrayList<>();
                for (FixtureFile file : files) {
                    entries.add(dict("length", file.content.length,
                            "path", new BValue.BList(file.path().stream().<BValue>map(TorrentFixtures::str).toList())));
                }
                info.put("files", new BValue.BList(entries));
            }
            info.putAll(infoOverrides);
            infoRemovals.forEach(info::remove);
            return new BValue.BDictionary(info);
        }

        /** The info dictionary, canonically encoded, as it stands inside {@link #bytes()}. */
        public byte[] infoBytes() {
            return BencodeEncoder.encode(infoDictionary());
        }

        /** The whole torrent file, canonically encoded. */
        public byte[] bytes() {
            Map<String, BValue> top = new LinkedHashMap<>(topEntries);
            top.put("info", infoDictionary());
            return BencodeEncoder.encode(new BValue.BDictionary(top));
        }

        public InfoHash expectedInfoHash() {
            return InfoHash.of(sha1(infoBytes()));
        }
    }

    public static BValue.BString str(String utf8) {
        return BValue.BString.of(utf8);
    }

    public static BValue.BList list(Object... values) {
        return new BValue.BList(Arrays.stream(values).map(TorrentFixtures::value).toList());
    }

    /** A dictionary from alternating keys and values; values may be BValues, Strings, Integers or Longs. */
    public static BValue.BDictionary dict(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("dict takes keys and values in pairs");
        }
        Map<String, BValue> entries = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entries.put((String) keysAndValues[i], value(keysAndValues[i + 1]));
        }
        return new BValue.BDictionary(entries);
    }

    private static BValue value(Object value) {
        if (value instanceof BValue bencoded) {
            return bencoded;
        }
        if (value instanceof String text) {
            return str(text);
        }
        if (value instanceof Integer number) {
            return new BValue.BInteger(number);
        }
        if (value instanceof Long number) {
            return new BValue.BInteger(number);
        }
        throw new IllegalArgumentException("no bencode form for " + value.getClass());
    }

    /** The concatenated SHA-1 of every {@code pieceLength} slice of {@code content}. */
    public static byte[] pieceHashes(byte[] content, int pieceLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int from = 0; from < content.length; from += pieceLength) {
            out.writeBytes(sha1(Arrays.copyOfRange(content, from, Math.min(content.length, from + pieceLength))));
        }
        return out.toByteArray();
    }

    public static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Literal bytes for hand-written bencode: one byte per char, so "\u00ff" is byte 0xff. */
    public static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
