package dev.gorrent.cli.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.gorrent.application.port.out.PeerNetwork;
import dev.gorrent.wire.TcpPeerNetwork;
import dev.gorrent.wire.WireSettings;

/** Binds the peer network to the TCP wire adapter. */
public final class TcpAdapterModule extends AbstractModule {
    @Provides
    @Singleton
    PeerNetwork peerNetwork() {
        return new TcpPeerNetwork(WireSettings.defaults());
    }
}
