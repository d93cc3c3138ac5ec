package dev.gorrent.application.service;

import dev.gorrent.application.port.in.TrackerScrape;
import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.application.service.fakes.FakeTrackerClient;
import dev.gorrent.application.service.fakes.TestTorrent;
import dev.gorrent.domain.metainfo.InfoHash;
import dev.gorrent.domain.metainfo.Metainfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ScrapeServiceTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private static Metainfo torrent(List<List<String>> tiers) {
        return TestTorrent.random(7, 40_000, 16_384, tiers).metainfo();
    }

    @Test
    void reportsEveryTrackerTierByTierWithItsCountsOrItsFailure() throws Exception {
        Metainfo metainfo = torrent(List.of(List.of("http://a.test/announce", "http://b.test/announce"),
                List.of("http://c.test/announce")));
        FakeTrackerClient client = new FakeTrackerClient()
                .scrapeAnswer("http://a.test/announce", new ScrapeResponse(3, 7, 1))
                .scrapeFail("http://b.test/announce", "tracker b.test answered HTTP 500")
                .scrapeAnswer("http://c.test/announce", new ScrapeResponse(0, 2, 4));

        List<TrackerScrape> results = new ScrapeService(client).scrape(metainfo, PATIENCE);

        assertEquals(List.of(
                new TrackerScrape(1, "http://a.test/announce", new TrackerScrape.Counted(new ScrapeResponse(3, 7, 1))),
                new TrackerScrape(1, "http://b.test/announce",
                        new TrackerScrape.Failed("tracker b.test answered HTTP 500")),
                new TrackerScrape(2, "http://c.test/announce", new TrackerScrape.Counted(new ScrapeResponse(0, 2, 4)))),
                results);
    }

    @Test
    void asksForTheTorrentsOwnInfoHash() throws Exception {
        Metainfo metainfo = torrent(List.of(List.of("http://a.test/announce")));
        FakeTrackerClient client = new FakeTrackerClient()
                .scrapeAnswer("http://a.test/announce", new ScrapeResponse(1, 1, 1));

        new ScrapeService(client).scrape(metainfo, PATIENCE);

        assertEquals(List.of(new FakeTrackerClient.ScrapeCall("http://a.test/announce", metainfo.infoHash())),
                client.scrapes());
    }

    @Test
    void scrapesAUrlListedInSeveralTiersOnceAtItsFirstTier() throws Exception {
        Metainfo metainfo = torrent(List.of(List.of("http://a.test/announce"),
                List.of("http://b.test/announce", "http://a.test/announce")));
        FakeTrackerClient client = new FakeTrackerClient()
                .scrapeAnswer("http://a.test/announce", new ScrapeResponse(1, 0, 0))
                .scrapeAnswer("http://b.test/announce", new ScrapeResponse(2, 0, 0));

        List<TrackerScrape> results = new ScrapeService(client).scrape(metainfo, PATIENCE);

        assertEquals(List.of(1, 2), results.stream().map(TrackerScrape::tierNumber).toList());
        assertEquals(List.of("http://a.test/announce", "http://b.test/announce"),
                results.stream().map(TrackerScrape::trackerUrl).toList());
        assertEquals(2, client.scrapes().size());
    }

    @Test
    void aTorrentWithoutTrackersGivesNoResults() throws Exception {
        FakeTrackerClient client = new FakeTrackerClient();

        assertEquals(List.of(), new ScrapeService(client).scrape(torrent(List.of()), PATIENCE));
        assertEquals(List.of(), client.scrapes());
    }

    @Test
    void aSchemeNoClientSpeaksIsReportedAsThatTrackersFailure() throws Exception {
        Metainfo metainfo = torrent(List.of(List.of("wss://a.test/announce"), List.of("http://b.test/announce")));
        FakeTrackerClient http = new FakeTrackerClient()
                .scrapeAnswer("http://b.test/announce", new ScrapeResponse(5, 5, 5));

        List<TrackerScrape> results = new ScrapeService(new TrackerClients(List.of(http))).scrape(metainfo, PATIENCE);

        TrackerScrape.Failed failed = (TrackerScrape.Failed) results.get(0).outcome();
        assertTrue(failed.reason().contains("wss://a.test/announce"), failed.reason());
        assertEquals(new ScrapeResponse(5, 5, 5), results.get(1).counts().orElseThrow());
    }

    @Test
    void aTrackerThatNeverAnswersFailsWhenThePatienceRunsOutWithoutHidingTheOthers() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        TrackerClient client = new ScriptedClient(url -> {
            if (url.contains("stuck")) {
                never.await();
            }
            return new ScrapeResponse(9, 9, 9);
        });
        Metainfo metainfo = torrent(List.of(List.of("http://stuck.test/announce"), List.of("http://ok.test/announce")));

        List<TrackerScrape> results = new ScrapeService(client).scrape(metainfo, Duration.ofMillis(300));

        assertEquals(new TrackerScrape.Failed("no answer within 300 ms"), results.get(0).outcome());
        assertEquals(new ScrapeResponse(9, 9, 9), results.get(1).counts().orElseThrow());
    }

    @Test
    void scrapesTrackersInParallel() throws Exception {
        // Every tracker waits until all of them have been asked: only parallel scrapes can all answer.
        List<String> urls = List.of("http://a.test/", "http://b.test/", "http://c.test/", "http://d.test/");
        CountDownLatch allAsked = new CountDownLatch(urls.size());
        TrackerClient client = new ScriptedClient(url -> {
            allAsked.countDown();
            if (!allAsked.await(20, TimeUnit.SECONDS)) {
                throw new TrackerException("not every tracker was asked at once");
            }
            return new ScrapeResponse(1, 2, 3);
        });
        Metainfo metainfo = torrent(urls.stream().map(List::of).toList());

        List<TrackerScrape> results = new ScrapeService(client).scrape(metainfo, Duration.ofSeconds(25));

        Set<TrackerScrape.Outcome> outcomes = results.stream().map(TrackerScrape::outcome).collect(Collectors.toSet());
        assertEquals(Set.of(new TrackerScrape.Counted(new ScrapeResponse(1, 2, 3))), outcomes);
        assertEquals(urls.size(), results.size());
    }

    @Test
    void aBugInAClientShowsAsThatTrackersInternalError() throws Exception {
        TrackerClient client = new ScriptedClient(url -> {
            throw new IllegalStateException("decoder confused");
        });

        List<TrackerScrape> results = new ScrapeService(client)
                .scrape(torrent(List.of(List.of("http://a.test/"))), PATIENCE);

        TrackerScrape.Failed failed = (TrackerScrape.Failed) results.get(0).outcome();
        assertTrue(failed.reason().contains("internal error") && failed.reason().contains("decoder confused"),
                failed.reason());
    }

    @Test
    void refusesAPatienceThatIsNotPositive() {
        ScrapeService service = new ScrapeService(new FakeTrackerClient());
        Metainfo metainfo = torrent(List.of(List.of("http://a.test/")));

        assertThrows(IllegalArgumentException.class, () -> service.scrape(metainfo, Duration.ZERO));
    }

    /** How a scripted client answers one scrape. */
    @FunctionalInterface
    private interface ScrapeScript {
        ScrapeResponse answer(String url) throws TrackerException, InterruptedException;
    }

    /** A client whose scrapes run test code (which may block); it has no announces. */
    private record ScriptedClient(ScrapeScript script) implements TrackerClient {
        @Override
        public boolean supports(String trackerUrl) {
            return true;
        }

        @Override
        public AnnounceResponse announce(AnnounceRequest request) throws TrackerException {
            throw new TrackerException("this test client does not announce");
        }

        @Override
        public ScrapeResponse scrape(String trackerUrl, InfoHash infoHash) throws TrackerException {
            try {
                return script.answer(trackerUrl);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrackerException("interrupted");
            }
        }
    }
}
