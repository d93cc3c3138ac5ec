package dev.gorrent.archfixture.wire;

import dev.gorrent.archfixture.storage.OtherAdapter;

/** Deliberately breaks adapter independence: one adapter calls another. */
public class SomeAdapter {
    public Object neighbour() {
        return new OtherAdapter();
    }
}
