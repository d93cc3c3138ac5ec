package dev.gorrent.archfixture.application;

import dev.gorrent.archfixture.wire.SomeAdapter;

/** Deliberately breaks the application rules: sees an adapter and Guice. */
public class CouplesToAdapter {
    @com.google.inject.Inject
    public CouplesToAdapter(SomeAdapter adapter) {
        adapter.toString();
    }
}
