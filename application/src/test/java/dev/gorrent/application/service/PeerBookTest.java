package dev.gorrent.application.service;

import dev.gorrent.domain.peer.PeerAddress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerBookTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 50 * SECOND;
    private static final PeerAddress A = new PeerAddress("127.0.0.1", 6881);
    private static final PeerAddress B = new PeerAddress("127.0.0.2", 6881);
    private static final PeerAddress C = new PeerAddress("127.0.0.3", 6881);

    @Test
    void handsOutEachAddressOnceUntilItIsFreeAgain() {
        PeerBook book = new PeerBook(10);
        book.addAll(List.of(A, B, C));

        assertEquals(List.of(A, B), book.takeDialable(2, T0));
        assertEquals(List.of(C), book.takeDialable(5, T0));
        assertEquals(List.of(), book.takeDialable(5, T0));
    }

    @Test
    void ignoresDuplicatesAndWhatExceedsCapacity() {
        PeerBook book = new PeerBook(2);
        book.addAll(List.of(A, A, B, C));

        assertEquals(2, book.size());
        assertEquals(List.of(A, B), book.takeDialable(10, T0));
    }

    @Test
    void backsOffLongerAfterEachFailedDial() {
        PeerBook book = new PeerBook(10);
        book.addAll(List.of(A));

        book.takeDialable(1, T0);
        book.disconnected(A, true, T0);
        assertEquals(List.of(), book.takeDialable(1, T0 + 29 * SECOND));
        assertEquals(List.of(A), book.takeDialable(1, T0 + 30 * SECOND));

        long t1 = T0 + 30 * SECOND;
        book.disconnected(A, true, t1);
        assertEquals(List.of(), book.takeDialable(1, t1 + 59 * SECOND), "the second wait doubles");
        assertEquals(List.of(A), book.takeDialable(1, t1 + 60 * SECOND));
    }

    @Test
    void anOrderlyDisconnectWaitsTheFirstBackOffOnly() {
        PeerBook book = new PeerBook(10);
        book.addAll(List.of(A));
        book.takeDialable(1, T0);
        book.connected(A);

        book.disconnected(A, false, T0);

        assertEquals(List.of(), book.takeDialable(1, T0 + 29 * SECOND));
        assertEquals(List.of(A), book.takeDialable(1, T0 + 30 * SECOND));
    }

    @Test
    void aSuccessfulConnectionForgetsEarlierFailures() {
        PeerBook book = new PeerBook(10);
        book.addAll(List.of(A));
        long now = T0;
        for (int i = 0; i < 3; i++) {
            book.takeDialable(1, now);
            book.disconnected(A, true, now);
            now += 3_600 * SECOND;
        }
        book.takeDialable(1, now);
        book.connected(A);

        book.disconnected(A, true, now);

        assertEquals(List.of(A), book.takeDialable(1, now + 30 * SECOND), "back-off restarted from the first step");
    }

    @Test
    void givesUpOnAnAddressAfterFiveFailedDials() {
        PeerBook book = new PeerBook(10);
        book.addAll(List.of(A));
        long now = T0;
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(A), book.takeDialable(1, now), "dial " + (i + 1));
            book.disconnected(A, true, now);
            now += 3_600 * SECOND;
        }

        assertEquals(List.of(), book.takeDialable(1, now + 3_600 * SECOND));
        assertTrue(book.isBanned(A));
        assertFalse(book.hasProspects());
    }

    @Test
    void aBannedAddressIsNeverDialledAgain() {
        PeerBook book = new PeerBook(10);
        book.addAll(List.of(A, B));
        book.takeDialable(2, T0);
        book.connected(A);

        book.ban(A);
        book.disconnected(A, false, T0);
        book.addAll(List.of(A));

        assertTrue(book.isBanned(A));
        assertFalse(book.isBanned(B));
        assertEquals(List.of(), book.takeDialable(10, T0 + 3_600 * SECOND));
    }

    @Test
    void prospectsAreAddressesThatAreNeitherBusyNorBanned() {
        PeerBook book = new PeerBook(10);
        assertFalse(book.hasProspects());

        book.addAll(List.of(A));
        assertTrue(book.hasProspects());

        book.takeDialable(1, T0);
        assertFalse(book.hasProspects(), "the only address is being dialled");

        book.disconnected(A, true, T0);
        assertTrue(book.hasProspects(), "waiting out a back-off is still a prospect");
    }

    @Test
    void anIncomingConnectionFromAnUnknownAddressIsTracked() {
        PeerBook book = new PeerBook(10);

        book.connected(C);

        assertEquals(1, book.size());
        assertEquals(List.of(), book.takeDialable(1, T0), "already connected");
    }

    @Test
    void aBannedHostIsNeitherDialledOnAnyPortNorAcceptedWhileABannedAddressLeavesItsHostAlone() {
        PeerBook book = new PeerBook(10);
        PeerAddress otherPortOfA = new PeerAddress(A.host(), 51413);
        PeerAddress otherPortOfB = new PeerAddress(B.host(), 51413);
        book.addAll(List.of(A, otherPortOfA, B, otherPortOfB));

        book.banHost(A);
        book.ban(B);

        assertTrue(book.isBanned(otherPortOfA));
        assertTrue(book.isHostBanned(A.host()));
        assertFalse(book.isBanned(otherPortOfB));
        assertFalse(book.isHostBanned(B.host()));
        assertEquals(List.of(otherPortOfB), book.takeDialable(10, T0));
        assertFalse(book.hasProspects(), "only the banned host's other port is left, and it may not be dialled");
    }

    /** A tracker may write "::1" where a connection from the same peer says 0:0:0:0:0:0:0:1. */
    @Test
    void aBannedIpv6HostStaysBannedHoweverItsAddressIsWritten() {
        PeerBook book = new PeerBook(4);
        book.banHost(new PeerAddress("2001:DB8::7", 6881));

        PeerAddress connecting = new PeerAddress("2001:db8:0:0:0:0:0:7", 40000);
        assertTrue(book.isHostBanned(connecting.host()));
        assertTrue(book.isBanned(connecting));
    }

    @Test
    void bansHostsOnlyUpToItsCapacityThenAddressesAlone() {
        PeerBook book = new PeerBook(1);
        book.banHost(A);
        book.banHost(B);

        assertTrue(book.isHostBanned(A.host()));
        assertFalse(book.isHostBanned(B.host()));
        assertTrue(book.isBanned(B));
    }
}
