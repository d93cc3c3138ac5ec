package dev.gorrent.cli.wiring;

import com.google.inject.AbstractModule;
import dev.gorrent.application.port.out.ContentSource;
import dev.gorrent.application.port.out.StorageFactory;
import dev.gorrent.storage.FileStorageFactory;
import dev.gorrent.storage.content.FileContentSource;

/** Binds torrent storage to files on disk. */
public final class FilesystemAdapterModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(StorageFactory.class).toInstance(new FileStorageFactory());
        bind(ContentSource.class).toInstance(new FileContentSource());
    }
}
