package dev.gorrent.tracker.http;

import java.util.List;
import java.util.Map;

/**
 * The status and header fields of one answer.
 *
 * @param fields values by lower-case field name, in the order received; repeated fields keep every value
 */
record ResponseHead(int status, Map<String, List<String>> fields) {
    ResponseHead {
        fields = Map.copyOf(fields);
    }

    /** The values of a field; {@code lowerCaseName} must be lower case, as names are matched without case. */
    List<String> values(String lowerCaseName) {
        return fields.getOrDefault(lowerCaseName, List.of());
    }

    boolean isSuccess() {
        return status >= 200 && status <= 299;
    }
}
