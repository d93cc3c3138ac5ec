package dev.gorrent.tracker.http;

/** A tracker's HTTP answer breaks the protocol; the message says how, for the user, without naming the tracker. */
final class MalformedAnswer extends Exception {
    MalformedAnswer(String problem) {
        super(problem);
    }
}
