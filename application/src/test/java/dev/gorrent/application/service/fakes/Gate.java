package dev.gorrent.application.service.fakes;

/** A one-way switch a test opens to let a fake peer go on (e.g. unchoke); shared across threads. */
public final class Gate {
    private volatile boolean open;

    public static Gate opened() {
        Gate gate = new Gate();
        gate.open();
        return gate;
    }

    public static Gate closed() {
        return new Gate();
    }

    public void open() {
        open = true;
    }

    public boolean isOpen() {
        return open;
    }
}
