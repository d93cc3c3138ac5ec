package dev.gorrent.archfixture.storage;

/** The adapter {@code SomeAdapter} wrongly depends on. */
public class OtherAdapter {
}
