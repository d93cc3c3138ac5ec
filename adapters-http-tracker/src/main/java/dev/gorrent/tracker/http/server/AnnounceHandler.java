package dev.gorrent.tracker.http.server;

import com.sun.net.httpserver.HttpExchange;
import dev.gorrent.domain.bencode.BValue;

/** GET /announce: records the client in its swarm and returns other peers. */
final class AnnounceHandler extends TrackerHandler {
    static final String PATH = "/announce";

    private final Swarms swarms;
    private final EmbeddedTrackerSettings settings;

    AnnounceHandler(Swarms swarms, EmbeddedTrackerSettings settings) {
        super(PATH);
        this.swarms = swarms;
        this.settings = settings;
    }

    @Override
    BValue answer(QueryString query, HttpExchange exchange) throws RequestRefused {
        Announce announce = Announce.from(query);
        AnnounceResult result = swarms.announce(announce, exchange.getRemoteAddress().getAddress());
        return Replies.announce(result, announce, settings);
    }
}
