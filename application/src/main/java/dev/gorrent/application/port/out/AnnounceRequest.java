package dev.gorrent.application.port.out;

import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerId;

/**
 * One announce to one tracker.
 *
 * @param trackerUrl the announce URL as the torrent gives it
 * @param port       the TCP port we accept peers on
 * @param numWant    how many peers we ask for
 * @param trackerId  the id a tracker gave us earlier, or empty
 */
public record AnnounceRequest(
        String trackerUrl,
        InfoHash infoHash,
        PeerId peerId,
        int port,
        long uploaded,
        long downloaded,
        long left,
        AnnounceEvent event,
        int numWant,
        String trackerId) {
}
