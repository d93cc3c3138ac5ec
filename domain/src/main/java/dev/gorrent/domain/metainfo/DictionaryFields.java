package dev.gorrent.domain.metainfo;

import dev.gorrent.domain.bencode.BValue;

import java.util.Optional;

/**
 * Typed look-ups in one dictionary of a torrent, failing with the key's full name (such as
 * {@code info.piece length}) so the user can find the problem in the file.
 */
final class DictionaryFields {
    private final BValue.BDictionary dictionary;
    private final String prefix;

    private DictionaryFields(BValue.BDictionary dictionary, String prefix) {
        this.dictionary = dictionary;
        this.prefix = prefix;
    }

    static DictionaryFields root(BValue.BDictionary dictionary) {
        return new DictionaryFields(dictionary, "");
    }

    /** The fields of a dictionary found under {@code name}, e.g. {@code info} or {@code info.files[3]}. */
    static DictionaryFields nested(BValue.BDictionary dictionary, String name) {
        return new DictionaryFields(dictionary, name + ".");
    }

    String fullName(String key) {
        return prefix + key;
    }

    Optional<BValue> optional(String key) {
        return dictionary.get(key);
    }

    BValue.BDictionary requiredDictionary(String key) throws InvalidTorrentException {
        return required(key, BValue.BDictionary.class, "a dictionary");
    }

    BValue.BList requiredList(String key) throws InvalidTorrentException {
        return required(key, BValue.BList.class, "a list");
    }

    BValue.BString requiredString(String key) throws InvalidTorrentException {
        return required(key, BValue.BString.class, "a string");
    }

    long requiredInteger(String key) throws InvalidTorrentException {
        return required(key, BValue.BInteger.class, "an integer").value();
    }

    private <T extends BValue> T required(String key, Class<T> type, String description)
            throws InvalidTorrentException {
        BValue value = dictionary.get(key)
                .orElseThrow(() -> new InvalidTorrentException("missing key '" + fullName(key) + "'"));
        if (!type.isInstance(value)) {
            throw new InvalidTorrentException("'" + fullName(key) + "' is not " + description);
        }
        return type.cast(value);
    }
}
