package dev.gorrent.tracker.udp;

/** The address size of compact peers in an announce answer: the family of the tracker's own address decides. */
enum PeerFamily {
    IPV4(4),
    IPV6(16);

    private final int addressBytes;

    PeerFamily(int addressBytes) {
        this.addressBytes = addressBytes;
    }

    int addressBytes() {
        return addressBytes;
    }

    /** Address plus the two-byte port. */
    int entryBytes() {
        return addressBytes + 2;
    }
}
