package dev.gorrent.cli.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.gorrent.application.port.out.Clock;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.tracker.http.HttpTrackerClient;
import dev.gorrent.tracker.udp.UdpTrackerClient;
import dev.gorrent.tracker.udp.UdpTrackerSettings;

/** Adds the tracker adapter's clients (HTTP and UDP) to the set of tracker clients the use cases route through. */
public final class TrackerAdapterModule extends AbstractModule {
    @ProvidesIntoSet
    TrackerClient http() {
        return new HttpTrackerClient();
    }

    @ProvidesIntoSet
    TrackerClient udp(Clock clock) {
        return new UdpTrackerClient(UdpTrackerSettings.defaults(), clock);
    }
}
