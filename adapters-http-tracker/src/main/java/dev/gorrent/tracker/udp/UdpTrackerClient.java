package dev.gorrent.tracker.udp;

import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.Clock;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.tracker.net.HostResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Announces and scrapes over the UDP tracker protocol (BEP 15).
 *
 * <p>Threads: any number may call {@link #announce} and {@link #scrape} at once. Each call opens its own socket
 * on an ephemeral port and closes it before returning, so answers never cross between calls; the only shared
 * state is the connection-id cache (a concurrent map, see {@link ConnectionIds}) and a thread-safe random source.
 * Sharing ids between sockets works because trackers tie a connection id to the client's IP address, not its port.
 *
 * <p>Every request is sent up to {@link UdpTrackerSettings#tries()} times, try {@code n} waiting
 * {@code baseTimeout × 2^n}; a connect exchange that is needed on the way counts its own tries. Looking up the
 * tracker's host name, before any of that, waits at most {@code baseTimeout}: it is one exchange with a name
 * server, like one try with the tracker. The injected {@link Clock} only ages connection ids; waits use real time.
 */
public final class UdpTrackerClient implements TrackerClient {
    private static final Logger log = LoggerFactory.getLogger(UdpTrackerClient.class);

    private final UdpTrackerSettings settings;
    private final ConnectionIds connectionIds;
    private final HostResolver resolver;

    /**
     * Made by the first UDP exchange, not with the client: seeding a {@link SecureRandom} takes about 10 ms, which
     * every start paid before, torrents with only HTTP trackers included.
     */
    private static final class Entropy {
        static final SecureRandom RANDOM = new SecureRandom();
        /** BEP 15's key: one per client (this process), so the tracker can recognise it if its IP address changes. */
        static final int KEY = RANDOM.nextInt();
    }

    /** @param clock ages connection ids; pass the system clock outside tests */
    public UdpTrackerClient(UdpTrackerSettings settings, Clock clock) {
        this(settings, clock, HostResolver.system());
    }

    UdpTrackerClient(UdpTrackerSettings settings, Clock clock, HostResolver resolver) {
        this.settings = settings;
        this.connectionIds = new ConnectionIds(clock, settings.connectionIdLifetime());
        this.resolver = resolver;
    }

    /** True for {@code udp://} URLs, in any letter case. */
    @Override
    public boolean supports(String trackerUrl) {
        return UdpTrackerUrl.isUdp(trackerUrl);
    }

    /** Announces; the tracker id and warning of the answer are always empty, as UDP has neither. */
    @Override
    public AnnounceResponse announce(AnnounceRequest request) throws TrackerException {
        try (Call call = open(request.trackerUrl())) {
            UdpAnswer answer = exchange(call, UdpWire.ACTION_ANNOUNCE,
                    (connectionId, transactionId) ->
                            UdpWire.announceRequest(connectionId, transactionId, request, Entropy.KEY));
            if (!(answer instanceof UdpAnswer.Announced announced)) {
                throw new IllegalStateException("decoder returned " + answer + " for an announce");
            }
            if (announced.intervalSeconds() < 0) {
                throw new TrackerException("udp tracker " + call.name() + " answered a negative interval ("
                        + announced.intervalSeconds() + " s)");
            }
            log.debug("udp tracker {}: {} seeders, {} leechers, {} peers", call.name(), announced.seeders(),
                    announced.leechers(), announced.peers().size());
            return new AnnounceResponse(Duration.ofSeconds(announced.intervalSeconds()), Duration.ZERO,
                    announced.peers(), "", "");
        }
    }

    /** Asks the tracker for one torrent's counts (BEP 15 action 2); a tracker that does not know it says 0s. */
    @Override
    public ScrapeResponse scrape(String trackerUrl, InfoHash infoHash) throws TrackerException {
        try (Call call = open(trackerUrl)) {
            UdpAnswer answer = exchange(call, UdpWire.ACTION_SCRAPE,
                    (connectionId, transactionId) -> UdpWire.scrapeRequest(connectionId, transactionId, infoHash));
            if (!(answer instanceof UdpAnswer.Scraped scraped)) {
                throw new IllegalStateException("decoder returned " + answer + " for a scrape");
            }
            if (scraped.seeders() < 0 || scraped.completed() < 0 || scraped.leechers() < 0) {
                throw new TrackerException("udp tracker " + call.name() + " answered negative scrape counts (seeders "
                        + scraped.seeders() + ", completed " + scraped.completed() + ", leechers "
                        + scraped.leechers() + ")");
            }
            return new ScrapeResponse(scraped.seeders(), scraped.completed(), scraped.leechers());
        }
    }

    /** What one client call works with: the tracker's name for messages, its address, and the call's socket. */
    private record Call(String name, InetSocketAddress address, TrackerSocket socket) implements AutoCloseable {
        @Override
        public void close() {
            socket.close();
        }
    }

    /** Builds the datagram of one try; the connection id may differ between tries if the old one expired. */
    @FunctionalInterface
    private interface RequestPacket {
        byte[] encode(long connectionId, int transactionId);
    }

    private Call open(String trackerUrl) throws TrackerException {
        UdpTrackerUrl url = UdpTrackerUrl.parse(trackerUrl);
        InetSocketAddress address = url.resolve(resolver, settings.baseTimeout());
        return new Call(url.displayName(), address,
                TrackerSocket.open(address, url.displayName(), settings.maxAnswerBytes()));
    }

    private UdpAnswer exchange(Call call, int action, RequestPacket request) throws TrackerException {
        int transactionId = Entropy.RANDOM.nextInt();
        for (int n = 0; n <= settings.maxRetries(); n++) {
            long connectionId = connectionId(call);
            byte[] packet = request.encode(connectionId, transactionId);
            Optional<UdpAnswer> answer =
                    call.socket().sendAndAwait(packet, action, transactionId, settings.timeoutOfTry(n));
            if (answer.isPresent()) {
                return accepted(call, answer.get());
            }
        }
        throw noAnswer(call);
    }

    private long connectionId(Call call) throws TrackerException {
        OptionalLong cached = connectionIds.usable(call.address());
        if (cached.isPresent()) {
            return cached.getAsLong();
        }
        int transactionId = Entropy.RANDOM.nextInt();
        byte[] packet = UdpWire.connectRequest(transactionId);
        for (int n = 0; n <= settings.maxRetries(); n++) {
            Optional<UdpAnswer> answer =
                    call.socket().sendAndAwait(packet, UdpWire.ACTION_CONNECT, transactionId, settings.timeoutOfTry(n));
            if (answer.isPresent()) {
                if (!(accepted(call, answer.get()) instanceof UdpAnswer.Connected connected)) {
                    throw new IllegalStateException("decoder returned " + answer.get() + " for a connect");
                }
                connectionIds.remember(call.address(), connected.connectionId());
                return connected.connectionId();
            }
        }
        throw noAnswer(call);
    }

    /** Passes a real answer through; turns an error answer into the tracker's message. */
    private UdpAnswer accepted(Call call, UdpAnswer answer) throws TrackerException {
        if (answer instanceof UdpAnswer.Refused refused) {
            // The error may be about our connection id (say the tracker restarted): connect afresh next time.
            connectionIds.forget(call.address());
            throw new TrackerException("udp tracker " + call.name() + " refused: " + refused.message());
        }
        return answer;
    }

    private TrackerException noAnswer(Call call) {
        return new TrackerException(
                "udp tracker " + call.name() + " did not answer after " + settings.tries() + " tries");
    }
}
