package dev.gorrent.tracker.http;

/** A tracker's answer body would pass the cap; raised before the bytes past the cap are read or stored. */
final class AnswerTooLong extends Exception {
}
