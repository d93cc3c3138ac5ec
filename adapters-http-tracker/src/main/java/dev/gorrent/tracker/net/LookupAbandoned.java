package dev.gorrent.tracker.net;

import java.net.UnknownHostException;

/**
 * A host-name lookup given up before it finished; the message names the host and says why. An {@link
 * UnknownHostException}, as the JDK reports its resolver's own time-outs, so callers that handle one handle both.
 */
public final class LookupAbandoned extends UnknownHostException {
    LookupAbandoned(String message) {
        super(message);
    }
}
