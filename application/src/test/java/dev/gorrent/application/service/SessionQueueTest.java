package dev.gorrent.application.service;

import dev.gorrent.domain.peer.PeerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(30)
class SessionQueueTest {

    private static SessionEvent burst(int messages) {
        return new SessionEvent.MessagesReceived(1, Collections.nCopies(messages, new PeerMessage.KeepAlive()));
    }

    @Test
    void aReaderWaitsWhileTheQueuedMessagesWouldPassTheBoundAndGoesOnOnceTheSessionTakesSome() throws Exception {
        SessionQueue queue = new SessionQueue(100, 4);
        SessionEvent first = burst(3);
        queue.put(first);
        queue.put(new SessionEvent.ResumeRecordWritten(true)); // not a peer message: weighs nothing

        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try {
                queue.put(burst(2));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> second.get(500, TimeUnit.MILLISECONDS), "3 + 2 messages > 4");

        assertSame(first, queue.pollNow());
        second.get(10, TimeUnit.SECONDS);
        assertInstanceOf(SessionEvent.ResumeRecordWritten.class, queue.pollNow());
        assertEquals(2, ((SessionEvent.MessagesReceived) queue.pollNow()).messages().size());
    }

    @Test
    void aBurstLargerThanTheBoundStillPasses() throws Exception {
        SessionQueue queue = new SessionQueue(10, 2);
        queue.put(burst(5));
        assertEquals(5, ((SessionEvent.MessagesReceived) queue.pollNow()).messages().size());
        queue.put(burst(2));
    }

    @Test
    void closingReleasesAReaderWaitingForRoom() throws Exception {
        SessionQueue queue = new SessionQueue(10, 1);
        queue.put(burst(1));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.offerConnection(burst(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        queue.close();
        assertFalse(waiting.get(10, TimeUnit.SECONDS), "refused once the session is closed");
    }
}
