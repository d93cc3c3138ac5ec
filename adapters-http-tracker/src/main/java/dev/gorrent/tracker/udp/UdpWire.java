package dev.gorrent.tracker.udp;

import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.peer.PeerAddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** BEP 15 packet layouts: encodes requests and decodes answers. Pure functions, no I/O, no state. */
final class UdpWire {
    static final long PROTOCOL_ID = 0x41727101980L;

    static final int ACTION_CONNECT = 0;
    static final int ACTION_ANNOUNCE = 1;
    static final int ACTION_SCRAPE = 2;
    static final int ACTION_ERROR = 3;

    static final int CONNECT_REQUEST = 16;
    static final int ANNOUNCE_REQUEST = 98;
    static final int SCRAPE_REQUEST = 16 + InfoHash.LENGTH;

    static final int MIN_ERROR_ANSWER = 8;
    static final int MIN_CONNECT_ANSWER = 16;
    static final int MIN_ANNOUNCE_ANSWER = 20;
    static final int MIN_SCRAPE_ANSWER = 20;

    /** A tracker's message is shown to the user; more than this is cut. */
    private static final int MAX_MESSAGE_CHARS = 300;

    private UdpWire() {
    }

    static byte[] connectRequest(int transactionId) {
        return ByteBuffer.allocate(CONNECT_REQUEST)
                .putLong(PROTOCOL_ID)
                .putInt(ACTION_CONNECT)
                .putInt(transactionId)
                .array();
    }

    static byte[] announceRequest(long connectionId, int transactionId, AnnounceRequest request, int key) {
        return ByteBuffer.allocate(ANNOUNCE_REQUEST)
                .putLong(connectionId)
                .putInt(ACTION_ANNOUNCE)
                .putInt(transactionId)
                .put(request.infoHash().toBytes())
                .put(request.peerId().toBytes())
                .putLong(request.downloaded())
                .putLong(request.left())
                .putLong(request.uploaded())
                .putInt(eventCode(request.event()))
                .putInt(0) // IP 0: the tracker takes the packet's source address, which it can trust more
                .putInt(key)
                .putInt(request.numWant() < 0 ? -1 : request.numWant())
                .putShort((short) request.port())
                .array();
    }

    static byte[] scrapeRequest(long connectionId, int transactionId, InfoHash infoHash) {
        return ByteBuffer.allocate(SCRAPE_REQUEST)
                .putLong(connectionId)
                .putInt(ACTION_SCRAPE)
                .putInt(transactionId)
                .put(infoHash.toBytes())
                .array();
    }

    static int eventCode(AnnounceEvent event) {
        return switch (event) {
            case NONE -> 0;
            case COMPLETED -> 1;
            case STARTED -> 2;
            case STOPPED -> 3;
        };
    }

    /**
     * Decodes the first {@code length} bytes of {@code data}. Empty means "not ours, keep waiting": too short, a
     * different transaction id, or an action that is neither the expected one nor an error (BEP 15 says discard).
     */
    static Optional<UdpAnswer> decode(byte[] data, int length, int expectedAction, int transactionId,
                                      PeerFamily family) {
        if (length < MIN_ERROR_ANSWER) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, length);
        int action = in.getInt();
        if (in.getInt() != transactionId) {
            return Optional.empty();
        }
        if (action == ACTION_ERROR) {
            return Optional.of(new UdpAnswer.Refused(printable(data, MIN_ERROR_ANSWER, length)));
        }
        if (action != expectedAction) {
            return Optional.empty();
        }
        return switch (action) {
            case ACTION_CONNECT -> length < MIN_CONNECT_ANSWER
                    ? Optional.empty()
                    : Optional.of(new UdpAnswer.Connected(in.getLong()));
            case ACTION_ANNOUNCE -> length < MIN_ANNOUNCE_ANSWER
                    ? Optional.empty()
                    : Optional.of(announced(in, family));
            case ACTION_SCRAPE -> length < MIN_SCRAPE_ANSWER
                    ? Optional.empty()
                    : Optional.of(new UdpAnswer.Scraped(in.getInt(), in.getInt(), in.getInt()));
            default -> Optional.empty();
        };
    }

    private static UdpAnswer.Announced announced(ByteBuffer in, PeerFamily family) {
        int interval = in.getInt();
        int leechers = in.getInt();
        int seeders = in.getInt();
        // A cut datagram (or a sloppy tracker) may leave a partial entry at the end: keep the whole ones only.
        List<PeerAddress> peers = new ArrayList<>(in.remaining() / family.entryBytes());
        byte[] address = new byte[family.addressBytes()];
        while (in.remaining() >= family.entryBytes()) {
            in.get(address);
            int port = Short.toUnsignedInt(in.getShort());
            if (port != 0) { // port 0 cannot be dialled; some trackers send it for firewalled peers
                peers.add(new PeerAddress(hostOf(address), port));
            }
        }
        return new UdpAnswer.Announced(interval, leechers, seeders, peers);
    }

    private static String hostOf(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes always make an IP address", e);
        }
    }

    /** The tracker's text, decoded leniently and made safe to print: no control characters, bounded length. */
    private static String printable(byte[] data, int from, int to) {
        String text = new String(data, from, to - from, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE_CHARS));
        text.codePoints()
                .filter(c -> c != 0) // some trackers end the message with a C string terminator
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .limit(MAX_MESSAGE_CHARS)
                .forEach(out::appendCodePoint);
        String message = out.toString().strip();
        return message.isEmpty() ? "(no message)" : message;
    }
}
