package dev.gorrent.cli.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.gorrent.application.port.out.TrackerClient;
import dev.gorrent.tracker.http.HttpTrackerClient;

/** Adds the HTTP tracker client to the set of tracker clients (UDP can join the same set). */
public final class HttpTrackerAdapterModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), TrackerClient.class).addBinding().toInstance(new HttpTrackerClient());
    }
}
