package dev.gorrent.tracker.udp;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a tracker's host name into an address; a seam so tests need no DNS. */
@FunctionalInterface
interface HostResolver {
    HostResolver SYSTEM = InetAddress::getByName;

    InetAddress resolve(String host) throws UnknownHostException;
}
