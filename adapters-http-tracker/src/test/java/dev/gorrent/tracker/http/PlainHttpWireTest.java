package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.peer.PeerAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static dev.gorrent.tracker.http.TestBencode.dict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plain-HTTP client on the wire, against answers scripted byte by byte: framing, limits, the deadline,
 * redirects and malformed answers, which a well-behaved server such as WireMock cannot be made to send.
 */
class PlainHttpWireTest {
    private static final byte[] TWO_PEERS = Answers.TWO_PEERS;
    private static final List<PeerAddress> PEERS =
            List.of(new PeerAddress("10.0.0.1", 6881), new PeerAddress("10.0.0.2", 6882));
    private static final byte[] BODY = dict("interval", 1800, "peers", TWO_PEERS);
    private static final int CAP = 1000;
    /** Far longer than any test waits, so finishing well before it shows the client did not wait for it. */
    private static final Duration PATIENT = Duration.ofSeconds(5);

    private ScriptedTracker tracker;

    @AfterEach
    void stopTracker() throws IOException {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void sendsAnHttp11GetWithTheTargetAsEncodedAndNothingElse() throws Exception {
        tracker = ScriptedTracker.start(exchange -> exchange.send(ok(BODY)));
        HttpTrackerClient client = client(PATIENT);

        client.announce(Announces.to(tracker.url("/announce?passkey=a%2Fb")));

        URI sent = client.announceUri(Announces.to(tracker.url("/announce?passkey=a%2Fb")));
        assertEquals("GET /announce?" + sent.getRawQuery() + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + tracker.port() + "\r\n"
                + "User-Agent: " + HttpTrackerSettings.defaults().userAgent() + "\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n"
                + "\r\n", tracker.requestHeads().get(0));
        assertTrue(sent.getRawQuery().startsWith("passkey=a%2Fb&info_hash=%01%23Eg%89%AB%CD%EF%01"), sent.toString());
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailersIsJoined() throws Exception {
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n");
            exchange.send("a;name=value\r\n", slice(BODY, 0, 10), "\r\n");
            exchange.pause(20);
            exchange.send("00000B ;quoted=\"a;b\"\r\n", slice(BODY, 10, 21), "\r\n");
            exchange.pause(20);
            exchange.send(Integer.toHexString(BODY.length - 21).toUpperCase() + "\r\n", slice(BODY, 21, BODY.length),
                    "\r\n0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n");
            exchange.holdOpen();
        });

        AnnounceResponse response = client(PATIENT).announce(Announces.to(tracker.url("/announce")));

        assertEquals(PEERS, response.peers());
    }

    @Test
    void bodyWithoutLengthOrChunksIsReadUntilTheTrackerCloses() throws Exception {
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n", slice(BODY, 0, 7));
            exchange.pause(20);
            exchange.send(slice(BODY, 7, BODY.length));
        });

        AnnounceResponse response = client(PATIENT).announce(Announces.to(tracker.url("/announce")));

        assertEquals(PEERS, response.peers());
    }

    @Test
    void contentLengthIsReadInAnyCaseAndEndsTheBodyWhileTheConnectionStaysOpen() throws Exception {
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\ncOnTeNt-LeNgTh:  " + BODY.length + " \r\n\r\n", BODY, "junk after");
            exchange.holdOpen();
        });

        AnnounceResponse response = client(PATIENT).announce(Announces.to(tracker.url("/announce")));

        assertEquals(PEERS, response.peers());
    }

    @Test
    void interimAnswersBeforeTheFinalOneAreSkipped() throws Exception {
        tracker = ScriptedTracker.start(exchange -> exchange.send("HTTP/1.1 100 Continue\r\n\r\n",
                "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n", ok(BODY)));

        AnnounceResponse response = client(PATIENT).announce(Announces.to(tracker.url("/announce")));

        assertEquals(PEERS, response.peers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1001", "4294967296", "000000000000000000000000000000000000000000001001",
            "99999999999999999999999999999999999999"})
    void contentLengthOverTheCapIsRefusedBeforeTheBodyArrives(String length) throws Exception {
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n");
            exchange.holdOpen();
        });

        TrackerException e = refusedQuickly(capped());

        assertEquals("tracker 127.0.0.1:" + tracker.port() + " answer exceeds " + CAP + " bytes", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked", "close"})
    void bodyOfExactlyTheCapIsAccepted(String framing) throws Exception {
        byte[] body = Answers.bodyOfExactly(CAP);
        tracker = ScriptedTracker.start(exchange -> exchange.send(framed(framing, body)));

        AnnounceResponse response = capped().announce(Announces.to(tracker.url("/announce")));

        assertEquals(PEERS, response.peers());
    }

    @Test
    void chunkThatWouldPassTheCapIsRefusedBeforeItArrives() throws Exception {
        byte[] half = new byte[600];
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n", half, "\r\n258\r\n");
            exchange.holdOpen();
        });

        assertRefusedQuicklyAsOverTheCap();
    }

    @Test
    void chunkSizeBeyondAnyNumberIsRefusedAsTooLong() throws Exception {
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFFFFFFFF\r\n");
            exchange.holdOpen();
        });

        assertRefusedQuicklyAsOverTheCap();
    }

    @Test
    void bodyReadUntilCloseIsRefusedAsSoonAsItPassesTheCap() throws Exception {
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\n\r\n", new byte[CAP + 1]);
            exchange.holdOpen();
        });

        assertRefusedQuicklyAsOverTheCap();
    }

    @Test
    void headOverItsSizeLimitIsRefused() throws Exception {
        String field = "X-Padding: " + "a".repeat(1000) + "\r\n";
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\n", field.repeat(70));
            exchange.holdOpen();
        });

        TrackerException e = refusedQuickly(client(PATIENT));

        assertEquals(malformed("its status line and header fields exceed 65536 bytes"), e.getMessage());
    }

    @Test
    void headWithTooManyLinesIsRefused() throws Exception {
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\n", "X: y\r\n".repeat(300));
            exchange.holdOpen();
        });

        TrackerException e = refusedQuickly(client(PATIENT));

        assertEquals(malformed("more than 256 lines in its status line and header fields"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"length", "chunked", "close"})
    void bodyTrickledPastTheDeadlineFailsAtTheDeadline(String framing) throws Exception {
        byte[] framed = framed(framing, BODY);
        int headEnd = new String(framed, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send(slice(framed, 0, headEnd));
            exchange.trickle(slice(framed, headEnd, framed.length), 50);
        });
        HttpTrackerClient impatient = client(Duration.ofMillis(500));

        long start = System.nanoTime();
        TrackerException e = assertThrows(TrackerException.class,
                () -> impatient.announce(Announces.to(tracker.url("/announce"))));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals("tracker 127.0.0.1:" + tracker.port() + " did not answer within 500 ms", e.getMessage());
        assertTrue(elapsedMillis >= 450 && elapsedMillis < 1500, elapsedMillis + " ms");
    }

    @Test
    void redirectsWithRelativeAndAbsoluteLocationsAreFollowed() throws Exception {
        tracker = ScriptedTracker.start(exchange -> {
            String target = exchange.target();
            if (target.startsWith("/announce?")) {
                exchange.send(redirect(301, "/tier/one"));
            } else if (target.equals("/tier/one")) {
                exchange.send(redirect(303, "two?x=1"));
            } else if (target.equals("/tier/two?x=1")) {
                exchange.send(redirect(307, "../final"));
            } else if (target.equals("/final")) {
                exchange.send(redirect(308, exchange.url("/last#fragment")));
            } else {
                exchange.send(ok(BODY));
            }
        });

        AnnounceResponse response = client(PATIENT).announce(Announces.to(tracker.url("/announce")));

        assertEquals(PEERS, response.peers());
        List<String> lines = tracker.requestLines();
        assertEquals(List.of("GET /tier/one HTTP/1.1", "GET /tier/two?x=1 HTTP/1.1", "GET /final HTTP/1.1",
                "GET /last HTTP/1.1"), lines.subList(1, lines.size()));
    }

    @Test
    void redirectLoopStopsAfterFiveRedirects() throws Exception {
        tracker = ScriptedTracker.start(exchange -> exchange.send(redirect(302, "/announce")));

        TrackerException e = assertThrows(TrackerException.class,
                () -> client(PATIENT).announce(Announces.to(tracker.url("/announce"))));

        assertEquals("tracker 127.0.0.1:" + tracker.port() + " redirected more than 5 times", e.getMessage());
        assertEquals(6, tracker.requestHeads().size(), "the first request and five redirects");
    }

    @Test
    void redirectWithoutLocationIsAnAnswerThatIsNotASuccess() throws Exception {
        tracker = ScriptedTracker.start(exchange -> exchange.send("HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n"));

        TrackerException e = assertThrows(TrackerException.class,
                () -> client(PATIENT).announce(Announces.to(tracker.url("/announce"))));

        assertEquals("tracker 127.0.0.1:" + tracker.port() + " answered HTTP 302", e.getMessage());
    }

    @Test
    void redirectToAnotherSchemeIsRefused() throws Exception {
        tracker = ScriptedTracker.start(exchange -> exchange.send(redirect(302, "ftp://127.0.0.1/announce")));

        TrackerException e = assertThrows(TrackerException.class,
                () -> client(PATIENT).announce(Announces.to(tracker.url("/announce"))));

        assertEquals("tracker 127.0.0.1:" + tracker.port() + " redirected to 'ftp://127.0.0.1/announce': only http"
                + " and https URLs are followed", e.getMessage());
    }

    @Test
    void errorStatusIsReportedWithoutWaitingForItsBody() throws Exception {
        tracker = ScriptedTracker.start(exchange -> {
            exchange.send("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100\r\n\r\n");
            exchange.holdOpen();
        });

        TrackerException e = refusedQuickly(client(PATIENT));

        assertEquals("tracker 127.0.0.1:" + tracker.port() + " answered HTTP 503", e.getMessage());
    }

    static Stream<Arguments> malformedAnswers() {
        return Stream.of(
                Arguments.of("", "the connection closed inside the status line"),
                Arguments.of("HTTP/1.1 abc OK\r\n\r\n", "'HTTP/1.1 abc OK' is not an HTTP/1.x status line"),
                Arguments.of("ICY 200 OK\r\n\r\n", "'ICY 200 OK' is not an HTTP/1.x status line"),
                Arguments.of("HTTP/2 200\r\n\r\n", "'HTTP/2 200' is not an HTTP/1.x status line"),
                Arguments.of("HTTP/1.1 200OK\r\n\r\n", "'HTTP/1.1 200OK' is not an HTTP/1.x status line"),
                Arguments.of("HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n",
                        "a carriage return without a line feed in the status line"),
                Arguments.of("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                        "'no colon here' in the header fields is not a 'name: value' field"),
                Arguments.of("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
                        "'Bad Name: x' in the header fields is not a 'name: value' field"),
                Arguments.of("HTTP/1.1 200 OK\r\n folded: x\r\n\r\n",
                        "a folded line in the header fields, which RFC 9112 no longer allows"),
                Arguments.of("HTTP/1.1 200 OK\r\nX: a\u0000b\r\n\r\n",
                        "a control character in the value of 'x' in the header fields"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-", "the connection closed inside the header fields"),
                Arguments.of("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
                        "it switched protocols (HTTP 101) though we asked for no upgrade"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n12345",
                        "Content-Length values disagree: 5 and 6"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Content-Length '-1' is not a number"),
                Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort",
                        "the connection closed after 5 of 100 announced body bytes"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                        "Transfer-Encoding 'gzip, chunked' where only chunked was acceptable"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                        "'zz' is not a chunk size line"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
                        "a chunk is longer than its size line says"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n",
                        "the connection closed inside a chunk size line"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a trailer\r\n\r\n",
                        "'not a trailer' in the trailer fields is not a 'name: value' field"),
                Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
                                + ("X-Padding: " + "a".repeat(1000) + "\r\n").repeat(70),
                        "its trailer fields exceed 65536 bytes"));
    }

    @ParameterizedTest
    @MethodSource("malformedAnswers")
    void malformedAnswerIsRefusedSayingWhatIsWrong(String answer, String problem) throws Exception {
        tracker = ScriptedTracker.start(exchange -> exchange.send(answer));

        TrackerException e = refusedQuickly(client(PATIENT));

        assertEquals(malformed(problem), e.getMessage());
    }

    @Test
    void interruptStopsAnAnnounceWaitingForAnAnswer() throws Exception {
        tracker = ScriptedTracker.start(ScriptedTracker.Exchange::holdOpen);
        HttpTrackerClient client = client(Duration.ofSeconds(10));
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                client.announce(Announces.to(tracker.url("/announce")));
            } catch (Exception e) {
                failure.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });

        caller.start();
        while (tracker.requestHeads().isEmpty()) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        caller.interrupt();
        caller.join(5_000);

        assertFalse(caller.isAlive(), "the announce did not end");
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1_000, "the interrupt took effect late");
        assertInstanceOf(TrackerException.class, failure.get());
        assertEquals("announce to tracker 127.0.0.1:" + tracker.port() + " was interrupted",
                failure.get().getMessage());
        assertTrue(stillInterrupted.get(), "the caller's interrupt flag must stay set");
    }

    @Test
    void interruptedCallerFailsAtOnceAndKeepsItsFlag() throws Exception {
        tracker = ScriptedTracker.start(exchange -> exchange.send(ok(BODY)));
        HttpTrackerClient client = client(PATIENT);

        Thread.currentThread().interrupt();
        TrackerException e;
        boolean stillInterrupted;
        try {
            e = assertThrows(TrackerException.class,
                    () -> client.scrape(tracker.url("/announce"), Announces.INFO_HASH));
        } finally {
            stillInterrupted = Thread.interrupted();
        }

        assertEquals("scrape to tracker 127.0.0.1:" + tracker.port() + " was interrupted", e.getMessage());
        assertTrue(stillInterrupted);
    }

    @Test
    void plainAnnounceNeverBuildsTheJdkClient() throws Exception {
        tracker = ScriptedTracker.start(exchange -> exchange.send(ok(BODY)));
        HttpTrackerClient client = client(PATIENT);

        client.announce(Announces.to(tracker.url("/announce")));

        assertFalse(client.isHttpsClientBuilt());
    }

    private TrackerException refusedQuickly(HttpTrackerClient client) {
        long start = System.nanoTime();
        TrackerException e = assertThrows(TrackerException.class,
                () -> client.announce(Announces.to(tracker.url("/announce"))));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis < PATIENT.toMillis() / 2, "took " + elapsedMillis + " ms: " + e.getMessage());
        return e;
    }

    private String malformed(String problem) {
        return "tracker 127.0.0.1:" + tracker.port() + " sent a malformed answer: " + problem;
    }

    private static HttpTrackerClient client(Duration timeout) {
        return new HttpTrackerClient(HttpTrackerSettings.defaults().withTimeout(timeout));
    }

    private static HttpTrackerClient capped() {
        return new HttpTrackerClient(HttpTrackerSettings.defaults().withTimeout(PATIENT).withMaxBodyBytes(CAP));
    }

    private static byte[] ok(byte[] body) {
        return framed("length", body);
    }

    private static String redirect(int status, String location) {
        return "HTTP/1.1 " + status + " Moved\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n";
    }

    /** A 200 answer carrying {@code body}, framed by a Content-Length, as one chunk, or by closing. */
    private static byte[] framed(String framing, byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String answer = switch (framing) {
            case "length" -> "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n" + text;
            case "chunked" -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length) + "\r\n" + text + "\r\n0\r\n\r\n";
            case "close" -> "HTTP/1.1 200 OK\r\n\r\n" + text;
            default -> throw new IllegalArgumentException(framing);
        };
        return answer.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }

    private void assertRefusedQuicklyAsOverTheCap() throws Exception {
        TrackerException e = refusedQuickly(capped());
        assertTrue(e.getMessage().endsWith("answer exceeds " + CAP + " bytes"), e.getMessage());
    }
}
