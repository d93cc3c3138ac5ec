package dev.gorrent.application.port.out;

/** The {@code event} of a tracker announce (BEP 3); {@link #NONE} is a periodic update. */
public enum AnnounceEvent {
    STARTED("started"),
    COMPLETED("completed"),
    STOPPED("stopped"),
    NONE("");

    private final String wireName;

    AnnounceEvent(String wireName) {
        this.wireName = wireName;
    }

    /** The value sent as {@code event=}; empty for {@link #NONE}, which is sent without the parameter. */
    public String wireName() {
        return wireName;
    }
}
