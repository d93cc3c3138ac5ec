package dev.gorrent.tracker.http.server;

import com.sun.net.httpserver.HttpExchange;
import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.metainfo.InfoHash;

import java.util.ArrayList;
import java.util.List;

/** GET /scrape (BEP 48): counts for the named torrents, or for all when none is named. */
final class ScrapeHandler extends TrackerHandler {
    static final String PATH = "/scrape";

    private final Swarms swarms;

    ScrapeHandler(Swarms swarms) {
        super(PATH);
        this.swarms = swarms;
    }

    @Override
    BValue answer(QueryString query, HttpExchange exchange) throws RequestRefused {
        List<InfoHash> infoHashes = new ArrayList<>();
        for (byte[] value : query.all("info_hash")) {
            if (value.length != InfoHash.LENGTH) {
                throw new RequestRefused("info_hash must be 20 bytes, got " + value.length);
            }
            infoHashes.add(InfoHash.of(value));
        }
        return Replies.scrape(swarms.scrape(infoHashes));
    }
}
