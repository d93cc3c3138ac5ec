package dev.gorrent.cli.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.gorrent.application.port.in.CreateTorrentUseCase;
import dev.gorrent.application.port.in.DownloadTorrentUseCase;
import dev.gorrent.application.port.in.ScrapeTorrentUseCase;
import dev.gorrent.application.port.in.SeedTorrentUseCase;
import dev.gorrent.application.port.out.Clock;
import dev.gorrent.application.port.out.ContentSource;
import dev.gorrent.application.port.out.DownloadEvents;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.application.port.out.Sha1Digests;
import dev.gorrent.application.port.out.StorageFactory;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.application.service.DownloadService;
import dev.gorrent.application.service.ScrapeService;
import dev.gorrent.application.service.SeedService;
import dev.gorrent.application.service.SessionSettings;
import dev.gorrent.application.service.TrackerClients;
import dev.gorrent.application.service.create.CreateTorrentService;
import dev.gorrent.cli.SystemClock;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Builds the use cases from the ports the adapter modules bind; the application itself knows no Guice. */
public final class ApplicationModule extends AbstractModule {
    private final DownloadEvents events;

    public ApplicationModule(DownloadEvents events) {
        this.events = events;
    }

    @Override
    protected void configure() {
        bind(Clock.class).to(SystemClock.class);
        bind(DownloadEvents.class).toInstance(events);
    }

    @Provides
    @Singleton
    DownloadTorrentUseCase download(Set<TrackerClient> trackerClients, PeerNetwork network, StorageFactory storage,
                                    Sha1Digests digests, Clock clock, DownloadEvents downloadEvents) {
        return new DownloadService(new TrackerClients(List.copyOf(trackerClients)), network, storage, digests, clock,
                downloadEvents, SessionSettings.defaults(), new SplittableRandom());
    }

    @Provides
    @Singleton
    SeedTorrentUseCase seed(Set<TrackerClient> trackerClients, PeerNetwork network, StorageFactory storage,
                            Sha1Digests digests, Clock clock, DownloadEvents downloadEvents) {
        return new SeedService(new TrackerClients(List.copyOf(trackerClients)), network, storage, digests, clock,
                downloadEvents, SessionSettings.defaults(), new SplittableRandom());
    }

    @Provides
    @Singleton
    ScrapeTorrentUseCase scrape(Set<TrackerClient> trackerClients) {
        return new ScrapeService(new TrackerClients(List.copyOf(trackerClients)));
    }

    @Provides
    @Singleton
    CreateTorrentUseCase create(ContentSource content, Sha1Digests digests) {
        return new CreateTorrentService(content, digests, Runtime.getRuntime().availableProcessors());
    }
}
