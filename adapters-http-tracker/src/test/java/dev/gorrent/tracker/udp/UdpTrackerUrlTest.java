package dev.gorrent.tracker.udp;

import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.tracker.net.HostResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UdpTrackerUrlTest {

    @ParameterizedTest
    @CsvSource({
            "udp://tracker.example.org:1337/announce, tracker.example.org, 1337, tracker.example.org:1337",
            "UDP://10.1.2.3:80, 10.1.2.3, 80, 10.1.2.3:80",
            "udp://tracker.example:6969?passkey=abc/def, tracker.example, 6969, tracker.example:6969",
            "udp://[::1]:6969/announce, ::1, 6969, [::1]:6969",
            "udp://[2001:db8::7]:65535, 2001:db8::7, 65535, [2001:db8::7]:65535",
    })
    void takesHostAndPortAndIgnoresTheRest(String url, String host, int port, String displayName)
            throws TrackerException {
        UdpTrackerUrl parsed = UdpTrackerUrl.parse(url);

        assertEquals(new UdpTrackerUrl(host, port), parsed);
        assertEquals(displayName, parsed.displayName());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "udp://tracker.example/announce | udp tracker URL 'udp://tracker.example/announce' has no port",
            "udp://tracker.example:/x | udp tracker URL 'udp://tracker.example:/x' has no port",
            "udp://:6969 | udp tracker URL 'udp://:6969' has no host",
            "udp://tracker.example:70000 | udp tracker URL 'udp://tracker.example:70000' has port 70000, "
                    + "not in 1..65535",
            "udp://tracker.example:0 | udp tracker URL 'udp://tracker.example:0' has port 0, not in 1..65535",
            "udp://tracker.example:http | udp tracker URL 'udp://tracker.example:http' has a port that is not a "
                    + "number: 'http'",
            "udp://::1:6969 | udp tracker URL 'udp://::1:6969' has an IPv6 host without brackets (write [addr]:port)",
            "udp://[::1:6969 | udp tracker URL 'udp://[::1:6969' has an unclosed '[' in its host",
            "http://tracker.example:80 | 'http://tracker.example:80' is not a udp:// tracker URL",
    })
    void refusesUrlsItCannotUseWithAMessageNamingThem(String url, String message) {
        TrackerException error = assertThrows(TrackerException.class, () -> UdpTrackerUrl.parse(url));

        assertEquals(message, error.getMessage());
    }

    @Test
    void resolvesThroughTheGivenResolver() throws Exception {
        InetAddress address = InetAddress.getByAddress("tracker.example", new byte[]{127, 0, 0, 9});

        InetSocketAddress resolved = new UdpTrackerUrl("tracker.example", 6969)
                .resolve(new HostResolver(host -> address), Duration.ofSeconds(5));

        assertEquals(new InetSocketAddress(address, 6969), resolved);
    }
}
