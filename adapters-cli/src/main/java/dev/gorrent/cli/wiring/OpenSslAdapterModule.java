package dev.gorrent.cli.wiring;

import com.google.inject.AbstractModule;
import dev.gorrent.application.port.out.Sha1Digests;
import dev.gorrent.application.service.JdkSha1Digests;
import dev.gorrent.crypto.OpenSslSha1Digests;

/** Binds piece hashing to libcrypto's SHA-1, with the JDK's where the system has no libcrypto. */
public final class OpenSslAdapterModule extends AbstractModule {
    @Override
    protected void configure() {
        // Binding loads nothing: the library loads on a hashing thread when a session starts (Sha1Digests.prepare).
        bind(Sha1Digests.class).toInstance(new OpenSslSha1Digests(new JdkSha1Digests()));
    }
}
