package dev.gorrent.cli.wiring;

import com.google.inject.Module;
import dev.gorrent.application.port.out.DownloadEvents;

import java.util.List;

/** The composition root's module list: one Guice module per adapter, plus the application's. */
public final class Modules {
    private Modules() {
    }

    public static List<Module> all(DownloadEvents events) {
        return List.of(
                new ApplicationModule(events),
                new TcpAdapterModule(),
                new TrackerAdapterModule(),
                new FilesystemAdapterModule(),
                new OpenSslAdapterModule());
    }
}
