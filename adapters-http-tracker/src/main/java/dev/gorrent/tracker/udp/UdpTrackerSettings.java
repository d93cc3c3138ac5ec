package dev.gorrent.tracker.udp;

import java.time.Duration;

/**
 * How patiently the UDP tracker client waits (BEP 15 retransmission) and how long it trusts a connection id.
 *
 * <p>Try {@code n} (counting from 0) waits {@code baseTimeout × 2^n} for an answer before the request is sent
 * again; after try {@code maxRetries} the tracker is given up on, so there are {@code maxRetries + 1} tries.
 *
 * @param baseTimeout          the wait of the first try, and the longest wait for the tracker's host name to
 *                             resolve; BEP 15 says 15 seconds
 * @param maxRetries           the highest {@code n}; BEP 15 goes up to 8, which is allowed here but not the default
 * @param connectionIdLifetime how long after its receipt a connection id is used; BEP 15 says one minute
 * @param maxAnswerBytes       the receive buffer; datagrams beyond it are cut (whole peers that fit are kept)
 */
public record UdpTrackerSettings(
        Duration baseTimeout,
        int maxRetries,
        Duration connectionIdLifetime,
        int maxAnswerBytes) {

    /** BEP 15's highest exponent; also keeps {@code 2^n} far from overflowing. */
    public static final int SPEC_MAX_RETRIES = 8;
    /** The largest payload of a UDP datagram over IPv4. */
    public static final int MAX_DATAGRAM_BYTES = 65_507;

    private static final Duration SPEC_BASE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SPEC_CONNECTION_ID_LIFETIME = Duration.ofMinutes(1);
    /** Room for 20 bytes of header and 800 IPv6 peers; trackers send at most a few hundred. */
    private static final int DEFAULT_MAX_ANSWER_BYTES = 16_384;
    private static final int DEFAULT_MAX_RETRIES = 2;

    public UdpTrackerSettings {
        if (baseTimeout.isNegative() || baseTimeout.isZero()) {
            throw new IllegalArgumentException("udp tracker base timeout must be positive, got " + baseTimeout);
        }
        if (maxRetries < 0 || maxRetries > SPEC_MAX_RETRIES) {
            throw new IllegalArgumentException(
                    "udp tracker max retries must be in 0.." + SPEC_MAX_RETRIES + ", got " + maxRetries);
        }
        if (connectionIdLifetime.isNegative() || connectionIdLifetime.isZero()) {
            throw new IllegalArgumentException(
                    "udp tracker connection id lifetime must be positive, got " + connectionIdLifetime);
        }
        if (maxAnswerBytes < UdpWire.MIN_ANNOUNCE_ANSWER || maxAnswerBytes > MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("udp tracker answer buffer must be in " + UdpWire.MIN_ANNOUNCE_ANSWER
                    + ".." + MAX_DATAGRAM_BYTES + " bytes, got " + maxAnswerBytes);
        }
    }

    /**
     * BEP 15's timings, but at most three tries (n = 0..2, waits of 15 + 30 + 60 s): a dead tracker costs under
     * two minutes per exchange. The spec's n = 8 would keep one announce waiting about two hours
     * (15 × (2^9 − 1) s), longer than any announce interval, and a tracker that loses three packets in a row is
     * unreachable for our purposes: the session simply announces again at its next interval.
     */
    public static UdpTrackerSettings defaults() {
        return new UdpTrackerSettings(SPEC_BASE_TIMEOUT, DEFAULT_MAX_RETRIES, SPEC_CONNECTION_ID_LIFETIME,
                DEFAULT_MAX_ANSWER_BYTES);
    }

    /** How long try {@code n} waits: {@code baseTimeout × 2^n}. */
    public Duration timeoutOfTry(int n) {
        if (n < 0 || n > maxRetries) {
            throw new IllegalArgumentException("try " + n + " is not in 0.." + maxRetries);
        }
        return baseTimeout.multipliedBy(1L << n);
    }

    /** How many times a request is sent before the tracker is given up on. */
    public int tries() {
        return maxRetries + 1;
    }
}
