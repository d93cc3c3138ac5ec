package dev.gorrent.application.service;

import dev.gorrent.application.port.out.AnnounceRequest;
import dev.gorrent.application.port.out.AnnounceResponse;
import dev.gorrent.application.port.out.ScrapeResponse;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.domain.metainfo.InfoHash;

import java.util.List;

/** Routes each announce and scrape to the first client that speaks the tracker URL's scheme. */
public final class TrackerClients implements TrackerClient {
    private final List<TrackerClient> clients;

    public TrackerClients(List<TrackerClient> clients) {
        this.clients = List.copyOf(clients);
    }

    @Override
    public boolean supports(String trackerUrl) {
        return clients.stream().anyMatch(c -> c.supports(trackerUrl));
    }

    @Override
    public AnnounceResponse announce(AnnounceRequest request) throws TrackerException {
        return clientFor(request.trackerUrl()).announce(request);
    }

    @Override
    public ScrapeResponse scrape(String trackerUrl, InfoHash infoHash) throws TrackerException {
        return clientFor(trackerUrl).scrape(trackerUrl, infoHash);
    }

    private TrackerClient clientFor(String trackerUrl) throws TrackerException {
        for (TrackerClient client : clients) {
            if (client.supports(trackerUrl)) {
                return client;
            }
        }
        throw new TrackerException("no support for tracker " + trackerUrl);
    }
}
