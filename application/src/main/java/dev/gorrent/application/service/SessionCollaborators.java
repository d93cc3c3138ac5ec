package dev.gorrent.application.service;

import dev.gorrent.application.port.out.Clock;
import dev.gorrent.application.port.out.DownloadEvents;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.application.port.out.Sha1Digests;
import dev.gorrent.application.port.out.TrackerClient;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/** The ports and thread pools a session works through, gathered so constructors stay short. */
record SessionCollaborators(
        TrackerClient trackerClient,
        PeerNetwork network,
        Sha1Digests digests,
        Clock clock,
        DownloadEvents events,
        ExecutorService hashPool,
        ExecutorService diskWriter,
        ExecutorService uploadPool,
        ExecutorService announcePool,
        ThreadFactory peerThreads) {
}
