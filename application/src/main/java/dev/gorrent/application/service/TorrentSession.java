package dev.gorrent.application.service;

import dev.gorrent.application.port.in.DownloadException;
import dev.gorrent.application.port.out.AnnounceEvent;
import dev.gorrent.application.port.out.Clock;
import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.port.out.DownloadEvents;
import dev.gorrent.application.port.out.IncomingPeers;
import dev.gorrent.application.port.out.PeerConnection;
import dev.gorrent.application.port.out.PeerListener;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.application.port.out.PieceStorage;
import dev.gorrent.application.port.out.StorageException;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.metainfo.Metainfo;
import dev.gorrent.domain.peer.Handshake;
import dev.gorrent.domain.peer.PeerAddress;
import dev.gorrent.domain.peer.PeerId;
import dev.gorrent.domain.peer.PeerMessage;
import dev.gorrent.domain.piece.Bitfield;
import dev.gorrent.domain.piece.BlockRef;
import dev.gorrent.domain.piece.PieceGeometry;
import dev.gorrent.domain.piece.PiecePicker;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;

/**
 * One torrent in a swarm: downloads what is missing, uploads what we have, and (when asked) keeps
 * seeding once complete until interrupted.
 *
 * <p>Threads: {@link #run} executes on the caller's thread, the <em>session thread</em>, which alone
 * touches the picker, the peer states, the pieces being assembled and the {@link Uploader}. Each peer has a
 * reading thread ({@link PeerWorker}); complete pieces are hashed on the shared hash pool and written, like
 * the resume record, by the single {@code diskWriter} ({@link PieceCompletion}; their queues are bounded by the
 * pieces in flight), block reads for uploads on the {@code uploadPool}, announces on the {@link Announcer}'s one
 * thread;
 * the network adapter's threads hand over incoming peers. All of them talk to the session thread only
 * through the bounded {@link SessionQueue}. Control messages are sent by the session thread, uploaded
 * blocks by the pool tasks that read them.
 */
final class TorrentSession {
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000 * MILLI;
    private static final long TICK_MILLIS = 100;
    private static final long PROGRESS_EVERY = SECOND;
    private static final int REGULAR_UNCHOKE_SLOTS = 4;
    private static final long CHOKE_ROUND = 10 * SECOND;
    private static final long OPTIMISTIC_ROTATION = 30 * SECOND;
    private static final long RESUME_RECORD_EVERY = 30 * SECOND;

    private final Metainfo metainfo;
    private final PieceGeometry geometry;
    private final PieceStorage storage;
    private final PeerNetwork network;
    private final Clock clock;
    private final DownloadEvents events;
    private final SessionSettings settings;
    private final PeerId ourId;
    private final Handshake ourHandshake;
    private final SessionOptions options;
    private final ExecutorService diskWriter;
    private final ThreadFactory peerThreads;

    private final SessionQueue queue;
    private final PiecePicker picker;
    private final PieceAssembly assembly;
    private final PieceCompletion completion;
    private final RequestBudget budget;
    private final PeerBook peerBook;
    private final Announcer announcer;
    private final HashFailureBlame blame;
    private final Bitfield verified;
    private final Uploader uploader;

    private final Map<Integer, PeerState> peers = new HashMap<>();
    private final Map<Integer, PeerAddress> dialling = new HashMap<>();
    private final Deque<Integer> freeSlots = new ArrayDeque<>();
    private final RateMeter downloadRate = new RateMeter(5);
    private final long startedAt;

    private int nextConnectionId;
    private int nextSlot;
    private long verifiedBytes;
    private long downloadedBytes;
    private long lastProgressAt;
    private StorageFailure storageFailure;
    private PeerListener listener;
    private int announcedPort;
    private int piecesInResumeRecord = -1;
    private boolean resumeRecordInFlight;
    private long lastResumeRecordAt;

    TorrentSession(Metainfo metainfo, PieceStorage storage, Bitfield have, SessionCollaborators collaborators,
                   SessionSettings settings, SessionOptions options, RandomGenerator random) {
        this.metainfo = metainfo;
        this.geometry = metainfo.geometry();
        this.storage = storage;
        this.network = collaborators.network();
        this.clock = collaborators.clock();
        this.events = collaborators.events();
        this.diskWriter = collaborators.diskWriter();
        this.peerThreads = collaborators.peerThreads();
        this.settings = settings;
        this.options = options;
        this.announcedPort = options.preferredPort();
        this.ourId = PeerId.generate(random);
        this.ourHandshake = Handshake.of(metainfo.infoHash(), ourId);
        this.queue = new SessionQueue(settings.queueCapacity(), settings.queuedMessages());
        this.picker = new PiecePicker(geometry, have, random);
        this.budget = new RequestBudget(settings, geometry.pieceLength());
        this.assembly = new PieceAssembly(geometry);
        this.completion = new PieceCompletion(geometry.pieceLength(),
                new PieceVerifier(metainfo.pieceHashes(), collaborators.digests()), storage, collaborators.hashPool(),
                collaborators.diskWriter(), queue);
        this.peerBook = new PeerBook(2_000);
        this.peerBook.addAll(options.extraPeers());
        this.startedAt = clock.nanoTime();
        this.announcer = new Announcer(new TrackerTiers(metainfo.trackerTiers(), collaborators.trackerClient(), random),
                startedAt, collaborators.announcePool(), queue, events, metainfo.infoHash(), ourId,
                options.announceToAllTiers());
        this.blame = new HashFailureBlame(events);
        this.verifiedBytes = TorrentServices.verifiedBytes(metainfo, have);
        this.verified = have.copy();
        this.piecesInResumeRecord = have.cardinality();
        this.lastResumeRecordAt = startedAt;
        Choker choker = new Choker(REGULAR_UNCHOKE_SLOTS, CHOKE_ROUND, OPTIMISTIC_ROTATION, random);
        this.uploader = new Uploader(geometry, verified, storage, collaborators.uploadPool(), queue, choker,
                this::send);
    }

    /**
     * Runs until every piece is verified on disk, or, when seeding, until interrupted; returns the
     * payload bytes downloaded.
     *
     * @throws InterruptedException when interrupted (Ctrl-C), after a clean stop: data flushed, resume
     *                              record written, trackers told
     */
    long run() throws DownloadException, InterruptedException {
        try {
            startListening();
            boolean complete = picker.isComplete();
            if (!complete || options.keepSeeding()) {
                housekeeping(); // announces and dials at once rather than after the first tick's wait
            }
            while (!complete || options.keepSeeding()) {
                SessionEvent event = queue.poll(TICK_MILLIS);
                int handled = 0;
                while (event != null) {
                    handle(event);
                    if (storageFailure != null) {
                        throw new DownloadException(storageFailure.message(), storageFailure.cause());
                    }
                    event = ++handled < 256 ? queue.pollNow() : null;
                }
                housekeeping();
                flushPeers();
                if (!complete && picker.isComplete() && completion.isIdle()) {
                    complete = true;
                    onCompleted();
                }
                if (!complete && nothingLeftToTry()) {
                    throw new DownloadException("no peer is left to download " + metainfo.name() + " from: every peer"
                            + " failed or sent bad data, and the torrent lists no tracker to find more");
                }
            }
            return downloadedBytes;
        } catch (StorageException e) {
            throw new DownloadException(e.getMessage(), e);
        } finally {
            shutdown();
        }
    }

    /** Payload bytes uploaded so far. */
    long uploadedBytes() {
        return uploader.uploadedBytes();
    }

    private void startListening() throws DownloadException {
        try {
            listener = network.listen(options.preferredPort(), new IncomingPeers() {
                @Override
                public Optional<Handshake> handshakeFor(InfoHash infoHash) {
                    return infoHash.equals(metainfo.infoHash()) ? Optional.of(ourHandshake) : Optional.empty();
                }

                @Override
                public void accepted(PeerConnection connection) {
                    boolean taken;
                    try {
                        taken = queue.offerConnection(new SessionEvent.PeerAccepted(connection));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        taken = false;
                    }
                    if (!taken) {
                        connection.close();
                    }
                }
            });
            announcedPort = listener.port();
            events.publish(new DownloadEvent.Listening(announcedPort));
        } catch (IOException e) {
            if (options.requireListening()) {
                throw new DownloadException("cannot accept peers on port " + options.preferredPort() + ": "
                        + e.getMessage(), e);
            }
            events.publish(new DownloadEvent.Warning("cannot accept peers on port " + options.preferredPort() + " ("
                    + e.getMessage() + "); downloading through outgoing connections only"));
        }
    }

    /** The last piece verified: the data is flushed and recorded, and the trackers hear of it. */
    private void onCompleted() throws StorageException, InterruptedException {
        storage.flush();
        long now = clock.nanoTime();
        publishProgress(now);
        events.publish(new DownloadEvent.Completed(geometry.totalLength(), downloadedBytes, now - startedAt));
        if (options.keepSeeding()) {
            announcer.completedWhileSeeding();
        } else {
            announceAtEnd(AnnounceEvent.COMPLETED);
        }
    }

    // ---- events -------------------------------------------------------------------------------

    private void handle(SessionEvent event) {
        if (event instanceof SessionEvent.MessagesReceived e) {
            for (PeerMessage message : e.messages()) {
                onMessage(e.connectionId(), message);
            }
        } else if (event instanceof SessionEvent.PeerConnected e) {
            onConnected(e.connectionId(), e.connection());
        } else if (event instanceof SessionEvent.PeerFailed e) {
            onPeerFailed(e.connectionId(), e.reason());
        } else if (event instanceof SessionEvent.DialledOurselves e) {
            onDialledOurselves(e.connectionId());
        } else if (event instanceof SessionEvent.PeerBrokeProtocol e) {
            onPeerBrokeProtocol(e.connectionId(), e.address(), e.reason());
        } else if (event instanceof SessionEvent.PieceChecked e) {
            onPieceChecked(e.piece(), e.matched());
        } else if (event instanceof SessionEvent.StorageFailed e) {
            storageFailure = new StorageFailure(e.cause().getMessage(), e.cause());
        } else if (event instanceof SessionEvent.Announced e) {
            peerBook.addAll(announcer.onAnnounced(e.outcome(), clock.nanoTime()));
        } else if (event instanceof SessionEvent.PeerAccepted e) {
            onAccepted(e.connection());
        } else if (event instanceof SessionEvent.BlocksSent e) {
            PeerState peer = peers.get(e.connectionId());
            if (peer != null) {
                uploader.onBlocksSent(peer, e.bytes(), clock.nanoTime());
            }
        } else if (event instanceof SessionEvent.ResumeRecordWritten e) {
            resumeRecordInFlight = false;
        }
    }

    private void onConnected(int connectionId, PeerConnection connection) {
        PeerAddress address = dialling.remove(connectionId);
        if (address == null) {
            connection.close();
            return;
        }
        if (connection.remotePeerId().equals(ourId)) {
            // A network that let the handshake through: as for one that refused it.
            connection.close();
            peerBook.ban(address);
            return;
        }
        peerBook.connected(address);
        register(connectionId, address, connection, false);
    }

    /** Only this address is banned: its host may run other peers (on loopback, every one of them). */
    private void onDialledOurselves(int connectionId) {
        PeerAddress address = dialling.remove(connectionId);
        if (address != null) {
            peerBook.ban(address);
        }
    }

    private void onAccepted(PeerConnection connection) {
        if (peers.size() >= settings.maxPeers() || connection.remotePeerId().equals(ourId)
                || peerBook.isHostBanned(connection.address().host())) {
            connection.close();
            return;
        }
        int connectionId = nextConnectionId++;
        register(connectionId, connection.address(), connection, true);
        peerThreads.newThread(PeerWorker.reading(connectionId, connection, queue)).start();
    }

    private void register(int connectionId, PeerAddress address, PeerConnection connection, boolean incoming) {
        int slot = freeSlots.isEmpty() ? nextSlot++ : freeSlots.pop();
        PeerState peer = new PeerState(connectionId, slot, address, connection, incoming, clock.nanoTime());
        peers.put(connectionId, peer);
        if (!verified.isEmpty()) {
            send(peer, new PeerMessage.BitfieldMessage(verified.toBytes()));
        }
    }

    private void onMessage(int connectionId, PeerMessage message) {
        PeerState peer = peers.get(connectionId);
        if (peer == null) {
            return;
        }
        try {
            if (!peer.joinedPicker) {
                joinPicker(peer, message);
                if (message instanceof PeerMessage.BitfieldMessage) {
                    updateInterest(peer);
                    return;
                }
            }
            if (message instanceof PeerMessage.Piece block) {
                onBlock(peer, block);
            } else if (message instanceof PeerMessage.Have have) {
                onHave(peer, have.pieceIndex());
            } else if (message instanceof PeerMessage.Choke) {
                onChoke(peer);
            } else if (message instanceof PeerMessage.Unchoke) {
                peer.peerChoking = false;
                fillPipeline(peer);
            } else if (message instanceof PeerMessage.Request request) {
                uploader.onRequest(peer, request);
            } else if (message instanceof PeerMessage.Cancel cancel) {
                uploader.onCancel(peer, cancel);
            } else if (message instanceof PeerMessage.Interested) {
                uploader.onInterest(peer, true, peers.values());
            } else if (message instanceof PeerMessage.NotInterested) {
                uploader.onInterest(peer, false, peers.values());
            } else if (message instanceof PeerMessage.BitfieldMessage late) {
                onLateBitfield(peer, late);
            }
            // KeepAlive and Port need nothing.
        } catch (PeerMisbehaved e) {
            dropPeer(peer, e.getMessage(), true);
        }
    }

    private void joinPicker(PeerState peer, PeerMessage first) throws PeerMisbehaved {
        Bitfield pieces = new Bitfield(geometry.pieceCount());
        if (first instanceof PeerMessage.BitfieldMessage bitfield) {
            try {
                pieces = Bitfield.fromBytes(bitfield.bits(), geometry.pieceCount());
            } catch (IllegalArgumentException e) {
                throw new PeerMisbehaved("sent a bad bitfield: " + e.getMessage());
            }
        }
        picker.peerJoined(peer.slot, pieces);
        peer.joinedPicker = true;
    }

    /**
     * BEP 3 allows a bitfield only first, but aria2 sends one later when it had nothing at handshake
     * time (libtorrent accepts that too): it only adds pieces, like a batch of HAVEs.
     */
    private void onLateBitfield(PeerState peer, PeerMessage.BitfieldMessage message) throws PeerMisbehaved {
        Bitfield pieces;
        try {
            pieces = Bitfield.fromBytes(message.bits(), geometry.pieceCount());
        } catch (IllegalArgumentException e) {
            throw new PeerMisbehaved("sent a bad bitfield: " + e.getMessage());
        }
        for (int piece = pieces.nextSet(0); piece >= 0; piece = pieces.nextSet(piece + 1)) {
            picker.peerHas(peer.slot, piece);
        }
        updateInterest(peer);
    }

    private void onChoke(PeerState peer) {
        peer.peerChoking = true;
        peer.requested.clear();
        picker.peerChoked(peer.slot);
        // The released blocks may be all that an idle peer could fetch: offer them now, not on its next event.
        refillAll();
    }

    private void onHave(PeerState peer, int piece) throws PeerMisbehaved {
        if (piece >= geometry.pieceCount()) {
            throw new PeerMisbehaved("sent HAVE for piece " + piece + " of " + geometry.pieceCount());
        }
        picker.peerHas(peer.slot, piece);
        updateInterest(peer);
    }

    private void onBlock(PeerState peer, PeerMessage.Piece message) throws PeerMisbehaved {
        int length = message.block().length;
        if (!geometry.isWholeBlock(message.pieceIndex(), message.begin(), length)) {
            throw new PeerMisbehaved("sent a block we cannot have asked for: piece " + message.pieceIndex()
                    + " offset " + message.begin() + " length " + length);
        }
        BlockRef block = new BlockRef(message.pieceIndex(), message.begin(), length);
        if (!peer.requested.remove(block)) {
            // Arrived after a choke or cancel, or never asked for: not counted, so a peer cannot inflate
            // the figures we report to trackers. Late blocks are legitimate up to what was in flight (a
            // pipeline), so only a peer sending far more than that is dropped.
            if (++peer.unrequestedBlocks > 2 * settings.maxPipeline()) {
                throw new PeerMisbehaved("sent " + peer.unrequestedBlocks + " blocks we did not ask for");
            }
            peer.connection.release(message);
            return;
        }
        long now = clock.nanoTime();
        downloadedBytes += length;
        downloadRate.add(length, now);
        peer.downloadRate.add(length, now);
        peer.lastBlockAt = now;
        peer.snubbed = false;
        PiecePicker.BlockArrival arrival = picker.blockReceived(peer.slot, block);
        if (arrival.wasNew()) {
            assembly.add(block.piece(), message, peer.connection);
        } else {
            peer.connection.release(message);
        }
        for (int other : arrival.peersToCancel()) {
            cancelAt(other, block);
        }
        if (arrival.pieceComplete()) {
            completion.start(block.piece(), assembly.take(block.piece()));
        }
        fillPipeline(peer);
    }

    private void cancelAt(int slot, BlockRef block) {
        for (PeerState other : livePeers()) {
            if (other.slot == slot && other.requested.remove(block)) {
                send(other, new PeerMessage.Cancel(block.piece(), block.offset(), block.length()));
            }
        }
    }

    private void onPieceChecked(int piece, boolean matched) {
        Set<PeerAddress> contributors = completion.finish(piece).contributors();
        if (matched) {
            blame.pieceVerified(contributors);
            picker.pieceVerified(piece);
            verified.set(piece);
            verifiedBytes += geometry.pieceSize(piece);
            for (PeerState peer : livePeers()) {
                send(peer, new PeerMessage.Have(piece));
                updateInterest(peer);
            }
            return;
        }
        picker.pieceFailed(piece);
        blame.pieceFailed(piece, contributors, peerBook::isBanned, this::banForBadData);
        for (PeerState peer : livePeers()) {
            updateInterest(peer);
        }
    }

    /**
     * Drops and bans a peer whose data failed the hash check too often (its host: other connections from it go
     * too), and throws away the blocks it sent into pieces not yet complete: kept, they would fail those pieces
     * later and put the blame on the honest peers that finish them.
     */
    private void banForBadData(PeerAddress address, int failures) {
        peerBook.banHost(address);
        for (PeerState peer : livePeers()) {
            if (peer.address.host().equals(address.host())) {
                dropPeer(peer, "sent data that failed the hash check " + failures + " times", false);
            }
        }
        for (int piece : assembly.piecesFrom(address)) {
            discardPiece(piece);
        }
    }

    /** Forgets every block of a piece still being fetched, so it is fetched again from scratch. */
    private void discardPiece(int piece) {
        for (PeerState peer : livePeers()) {
            for (BlockRef block : List.copyOf(peer.requested)) {
                if (block.piece() == piece && peer.requested.remove(block)) {
                    send(peer, new PeerMessage.Cancel(block.piece(), block.offset(), block.length()));
                }
            }
        }
        assembly.discard(piece);
        picker.pieceFailed(piece);
    }

    private void onPeerFailed(int connectionId, String reason) {
        PeerAddress dialled = dialling.remove(connectionId);
        if (dialled != null) {
            peerBook.disconnected(dialled, true, clock.nanoTime());
            return;
        }
        PeerState peer = peers.get(connectionId);
        if (peer != null) {
            dropPeer(peer, reason, false);
        }
    }

    /** Banned like a peer caught misbehaving, also when a failed send dropped it first: it is not dialled again. */
    private void onPeerBrokeProtocol(int connectionId, PeerAddress address, String reason) {
        dialling.remove(connectionId);
        PeerState peer = peers.get(connectionId);
        if (peer != null) {
            dropPeer(peer, reason, true);
        } else {
            peerBook.banHost(address);
        }
    }

    // ---- requests -----------------------------------------------------------------------------

    private void updateInterest(PeerState peer) {
        // Until its first message a peer is unknown to the picker, which would refuse to be asked about it.
        if (!isLive(peer) || !peer.joinedPicker) {
            return;
        }
        boolean interesting = picker.isInteresting(peer.slot);
        if (interesting != peer.amInterested) {
            peer.amInterested = interesting;
            send(peer, interesting ? new PeerMessage.Interested() : new PeerMessage.NotInterested());
        }
        fillPipeline(peer);
    }

    private void fillPipeline(PeerState peer) {
        if (!isLive(peer) || !peer.joinedPicker || peer.peerChoking || !peer.amInterested) {
            return;
        }
        long rate = peer.downloadRate.bytesPerSecond(clock.nanoTime());
        int want = budget.pipelineDepth(rate, peer.snubbed) - peer.requested.size();
        if (want <= 0) {
            return;
        }
        int newPieces = budget.newPiecesAllowed(picker.startedCount(), completion.inProgress());
        for (BlockRef block : picker.pick(peer.slot, want, newPieces)) {
            if (!isLive(peer)) {
                return; // a send failed and dropped the peer; the picker took its blocks back
            }
            if (peer.requested.add(block)) {
                send(peer, new PeerMessage.Request(block.piece(), block.offset(), block.length()));
            }
        }
    }

    // ---- housekeeping -------------------------------------------------------------------------

    private void housekeeping() {
        long now = clock.nanoTime();
        announceIfDue(now);
        dialMore(now);
        int sending = 0;
        for (PeerState peer : new ArrayList<>(peers.values())) {
            if (!peer.requested.isEmpty() && now - peer.lastBlockAt > settings.snubTimeout().toNanos()
                    && !peer.snubbed) {
                peer.snubbed = true;
                peer.requested.clear();
                picker.peerChoked(peer.slot);
                refillAll();
            }
            if (now - peer.lastSentAt > settings.keepAliveInterval().toNanos()) {
                send(peer, new PeerMessage.KeepAlive());
            }
            if (isLive(peer) && !peer.peerChoking && peer.amInterested && !peer.snubbed) {
                sending++;
            }
        }
        budget.downloadingFrom(sending);
        if (uploader.isRoundDue(now)) {
            uploader.chokeRound(livePeers(), picker.isComplete(), now);
        }
        if (now - lastResumeRecordAt >= RESUME_RECORD_EVERY) {
            recordResumeInBackground(now);
        }
        if (now - lastProgressAt >= PROGRESS_EVERY) {
            publishProgress(now);
        }
    }

    /** Keeps the resume record near the truth, so a crash costs at most the last half minute of checking. */
    private void recordResumeInBackground(long now) {
        lastResumeRecordAt = now;
        int count = verified.cardinality();
        if (resumeRecordInFlight || count == piecesInResumeRecord) {
            return;
        }
        resumeRecordInFlight = true;
        piecesInResumeRecord = count;
        Bitfield snapshot = verified.copy();
        diskWriter.execute(() -> {
            boolean written;
            try {
                storage.writeResumeRecord(snapshot);
                written = true;
            } catch (StorageException e) {
                written = false;
            }
            queue.offerQuietly(new SessionEvent.ResumeRecordWritten(written));
        });
    }

    private void announceIfDue(long now) {
        boolean starving = peers.isEmpty() && dialling.isEmpty() && !peerBook.hasProspects();
        if (announcer.isDue(now, starving)) {
            announcer.start(now, totals());
        }
    }

    /** What the next announce reports, as of now. */
    private Announcer.Totals totals() {
        return new Announcer.Totals(uploader.uploadedBytes(), downloadedBytes, geometry.totalLength() - verifiedBytes,
                announcedPort);
    }

    private void dialMore(long now) {
        int room = settings.maxPeers() - peers.size() - dialling.size();
        if (room <= 0) {
            return;
        }
        for (PeerAddress address : peerBook.takeDialable(Math.min(room, settings.maxDialsPerTick()), now)) {
            int connectionId = nextConnectionId++;
            dialling.put(connectionId, address);
            Thread thread = peerThreads.newThread(PeerWorker.dialling(connectionId, address, network, ourHandshake,
                    queue));
            thread.start();
        }
    }

    private void publishProgress(long now) {
        lastProgressAt = now;
        events.publish(new DownloadEvent.Progress(verifiedBytes, geometry.totalLength(),
                downloadRate.bytesPerSecond(now), uploader.bytesPerSecond(now), peers.size(), peerBook.size()));
    }

    // ---- peers --------------------------------------------------------------------------------

    /** The connected peers, copied: sends can fail and drop peers while a caller walks the list. */
    private List<PeerState> livePeers() {
        return List.copyOf(peers.values());
    }

    private boolean isLive(PeerState peer) {
        return peers.get(peer.connectionId) == peer;
    }

    private void refillAll() {
        for (PeerState peer : livePeers()) {
            fillPipeline(peer);
        }
    }

    /** Nothing can change any more: no peer, none to dial (all banned), no tracker to ask and no hash check pending. */
    private boolean nothingLeftToTry() {
        return !announcer.hasTrackers() && peers.isEmpty() && dialling.isEmpty() && completion.isIdle()
                && !picker.isComplete() && !peerBook.hasProspects();
    }

    private void send(PeerState peer, PeerMessage message) {
        try {
            peer.connection.send(message);
            peer.hasUnflushedSends = true;
            peer.lastSentAt = clock.nanoTime();
        } catch (IOException e) {
            // The reader thread sees the same broken socket and reports it; drop now so no one sends again.
            dropPeer(peer, "send failed: " + e.getMessage(), false);
        }
    }

    private void flushPeers() {
        for (PeerState peer : new ArrayList<>(peers.values())) {
            if (peer.hasUnflushedSends) {
                peer.hasUnflushedSends = false;
                try {
                    peer.connection.flush();
                } catch (IOException e) {
                    dropPeer(peer, "send failed: " + e.getMessage(), false);
                }
            }
        }
    }

    private void dropPeer(PeerState peer, String reason, boolean misbehaved) {
        if (peers.remove(peer.connectionId) == null) {
            return;
        }
        peer.connection.close();
        if (peer.joinedPicker) {
            picker.peerLeft(peer.slot);
        }
        freeSlots.push(peer.slot);
        if (misbehaved) {
            peerBook.banHost(peer.address);
        } else {
            peerBook.disconnected(peer.address, false, clock.nanoTime());
        }
        events.publish(new DownloadEvent.PeerDropped(peer.address, reason));
        refillAll();
    }

    // ---- the end ------------------------------------------------------------------------------

    private void announceAtEnd(AnnounceEvent event) throws InterruptedException {
        announcer.announceAtEnd(event, totals(), settings.stopAnnounceTimeout());
    }

    /**
     * Stops accepting, closes every connection (which ends the reading threads), records what is
     * verified for the next start, and tells the trackers we left. Runs after an interrupt too: the
     * interrupt flag is set aside meanwhile, and every wait here is bounded.
     */
    private void shutdown() throws InterruptedException {
        boolean interrupted = Thread.interrupted();
        try {
            if (listener != null) {
                listener.close();
            }
            queue.close();
            for (PeerState peer : peers.values()) {
                peer.connection.close();
            }
            peers.clear();
            if (storageFailure == null) {
                try {
                    storage.writeResumeRecord(verified);
                } catch (StorageException e) {
                    events.publish(new DownloadEvent.Warning("could not save resume data (" + e.getMessage()
                            + "); the next start re-checks the files"));
                }
            }
            announceAtEnd(AnnounceEvent.STOPPED);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record StorageFailure(String message, StorageException cause) {
    }
}
