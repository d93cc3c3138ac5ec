package dev.gorrent.tracker.udp;

import dev.gorrent.application.port.out.ScrapeResponse;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The tracker side of BEP 15, written from the spec independently of the client's codec: hands out connection
 * ids, answers announces and scrapes, and silently drops requests with a connection id it never issued.
 * Called from the fake's thread; configuration is fixed at construction.
 */
final class FakeProtocol implements FakeUdpTracker.Responder {
    static final long PROTOCOL_ID = 0x41727101980L;
    static final int INTERVAL_SECONDS = 1800;

    private final AtomicLong nextConnectionId = new AtomicLong(0x1122_3344_5566_7700L);
    private final Set<Long> issued = ConcurrentHashMap.newKeySet();
    private final int addressBytes;
    private final Function<TrackerRequest, List<InetSocketAddress>> peers;
    private final ScrapeResponse scrape;

    private FakeProtocol(int addressBytes, Function<TrackerRequest, List<InetSocketAddress>> peers,
                         ScrapeResponse scrape) {
        this.addressBytes = addressBytes;
        this.peers = peers;
        this.scrape = scrape;
    }

    /** Answers announces with {@code peers} in 6-byte entries. */
    static FakeProtocol ipv4(List<InetSocketAddress> peers) {
        return new FakeProtocol(4, request -> peers, new ScrapeResponse(0, 0, 0));
    }

    /** Answers announces with the peers {@code peersFor} picks for each request, in 6-byte entries. */
    static FakeProtocol ipv4(Function<TrackerRequest, List<InetSocketAddress>> peersFor) {
        return new FakeProtocol(4, peersFor, new ScrapeResponse(0, 0, 0));
    }

    /** Answers announces with {@code peers} in 18-byte entries, as a tracker on an IPv6 socket does. */
    static FakeProtocol ipv6(List<InetSocketAddress> peers) {
        return new FakeProtocol(16, request -> peers, new ScrapeResponse(0, 0, 0));
    }

    static FakeProtocol scraping(ScrapeResponse counts) {
        return new FakeProtocol(4, request -> List.of(), counts);
    }

    /** The connection ids handed out so far. */
    Set<Long> issued() {
        return Set.copyOf(issued);
    }

    @Override
    public List<byte[]> respond(TrackerRequest request) {
        if (request.length() >= 16 && request.action() == 0 && request.firstLong() == PROTOCOL_ID) {
            long connectionId = nextConnectionId.getAndIncrement();
            issued.add(connectionId);
            return List.of(connectAnswer(request.transactionId(), connectionId));
        }
        if (request.length() < 16 || !issued.contains(request.firstLong())) {
            return List.of();
        }
        if (request.action() == 1 && request.length() >= 98) {
            return List.of(announceAnswer(request.transactionId(), 7, 3, peers.apply(request)));
        }
        if (request.action() == 2 && request.length() >= 36) {
            return List.of(ByteBuffer.allocate(20).putInt(2).putInt(request.transactionId())
                    .putInt(scrape.seeders()).putInt(scrape.completed()).putInt(scrape.leechers()).array());
        }
        return List.of();
    }

    static byte[] connectAnswer(int transactionId, long connectionId) {
        return ByteBuffer.allocate(16).putInt(0).putInt(transactionId).putLong(connectionId).array();
    }

    byte[] announceAnswer(int transactionId, int leechers, int seeders, List<InetSocketAddress> peerList) {
        ByteBuffer out = ByteBuffer.allocate(20 + peerList.size() * (addressBytes + 2))
                .putInt(1).putInt(transactionId).putInt(INTERVAL_SECONDS).putInt(leechers).putInt(seeders);
        for (InetSocketAddress peer : peerList) {
            out.put(addressOf(peer)).putShort((short) peer.getPort());
        }
        return out.array();
    }

    static byte[] errorAnswer(int transactionId, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + text.length).putInt(3).putInt(transactionId).put(text).array();
    }

    private byte[] addressOf(InetSocketAddress peer) {
        byte[] address = peer.getAddress().getAddress();
        if (address.length == addressBytes) {
            return address;
        }
        // An IPv4 peer in an IPv6 answer: the IPv4-mapped form ::ffff:a.b.c.d.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address, 0, mapped, 12, 4);
        return mapped;
    }
}
