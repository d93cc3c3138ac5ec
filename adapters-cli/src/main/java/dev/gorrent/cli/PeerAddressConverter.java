package dev.gorrent.cli;

import dev.gorrent.domain.peer.PeerAddress;
import picocli.CommandLine;

/** Parses {@code HOST:PORT} for {@code --peer}. */
public final class PeerAddressConverter implements CommandLine.ITypeConverter<PeerAddress> {
    @Override
    public PeerAddress convert(String value) {
        try {
            return PeerAddress.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
