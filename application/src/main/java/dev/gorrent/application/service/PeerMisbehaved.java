package dev.gorrent.application.service;

/** A peer broke the protocol; the session drops it and does not dial it again. */
final class PeerMisbehaved extends Exception {
    PeerMisbehaved(String message) {
        super(message);
    }
}
