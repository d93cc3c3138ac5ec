package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.TrackerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * https trackers, and redirects to https, go to the JDK's client, which speaks TLS: against a server that notes
 * the first byte it receives, that byte is a TLS handshake record, never the "G" of a plain GET. The server then
 * answers in plain HTTP, which a TLS client refuses, usually at once; the JDK's client now and then waits for its
 * timeout instead, so the timeout is short and either failure passes, as long as it is not the plain answer's.
 */
class HttpsViaJdkClientTest {
    private static final int TLS_HANDSHAKE_RECORD = 0x16;

    private ServerSocket tlsListener;
    private final CompletableFuture<Integer> firstByte = new CompletableFuture<>();
    private final HttpTrackerClient client =
            new HttpTrackerClient(HttpTrackerSettings.defaults().withTimeout(Duration.ofSeconds(3)));

    @BeforeEach
    void listen() throws IOException {
        tlsListener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::noteFirstByte, "first-byte-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @AfterEach
    void stop() throws IOException {
        tlsListener.close();
    }

    @Test
    void httpsAnnounceIsSentOverTls() throws Exception {
        assertFalse(client.isHttpsClientBuilt(), "built before any https request");

        TrackerException e = assertThrows(TrackerException.class,
                () -> client.announce(Announces.to("https://127.0.0.1:" + tlsListener.getLocalPort() + "/announce")));

        assertEquals(TLS_HANDSHAKE_RECORD, firstByte.get(5, TimeUnit.SECONDS));
        assertFailedOverTls(e, tlsListener.getLocalPort());
        assertTrue(client.isHttpsClientBuilt());
    }

    @Test
    void redirectFromHttpToHttpsIsFollowedOverTls() throws Exception {
        String httpsUrl = "https://127.0.0.1:" + tlsListener.getLocalPort() + "/announce";
        try (ScriptedTracker plain = ScriptedTracker.start(exchange -> exchange.send(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: " + httpsUrl + "\r\nContent-Length: 0\r\n\r\n"))) {

            TrackerException e = assertThrows(TrackerException.class,
                    () -> client.announce(Announces.to(plain.url("/announce"))));

            assertEquals(TLS_HANDSHAKE_RECORD, firstByte.get(5, TimeUnit.SECONDS));
            assertFailedOverTls(e, plain.port());
        }
    }

    private static void assertFailedOverTls(TrackerException e, int trackerPort) {
        String tracker = "127.0.0.1:" + trackerPort;
        assertTrue(e.getMessage().startsWith("cannot reach tracker " + tracker + ": ")
                || e.getMessage().equals("tracker " + tracker + " did not answer within 3 s"), e.getMessage());
    }

    private void noteFirstByte() {
        try (Socket connection = tlsListener.accept(); InputStream in = connection.getInputStream()) {
            firstByte.complete(in.read());
            // Closing alone would leave the JDK's client waiting for its timeout every time.
            connection.getOutputStream().write(
                    "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            connection.getOutputStream().flush();
            connection.shutdownOutput();
            // Closing with the rest of the hello unread would reset the connection, which can discard the answer.
            connection.setSoTimeout(5_000);
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            firstByte.completeExceptionally(e);
        }
    }
}
