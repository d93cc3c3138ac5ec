package dev.gorrent.domain.peer;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class Ipv6TextTest {

    @Test
    void spellingsOfOneAddressAreOneHost() {
        PeerAddress socket = new PeerAddress("0:0:0:0:0:0:0:1", 6881);

        assertEquals(socket, new PeerAddress("::1", 6881));
        assertEquals(socket, new PeerAddress("0000:0::0001", 6881));
        assertEquals(socket, PeerAddress.parse("[::1]:6881"));
        assertEquals("2001:db8:0:0:0:0:ab:cd", new PeerAddress("2001:DB8::AB:CD", 1).host());
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4Address() {
        assertEquals(new PeerAddress("192.0.2.7", 80), new PeerAddress("::ffff:192.0.2.7", 80));
        assertEquals("192.0.2.7", new PeerAddress("::FFFF:c000:0207", 80).host());
    }

    @Test
    void namesIpv4AndWhatIsNotAnAddressStayAsWritten() {
        for (String host : new String[] {"tracker.example", "192.0.2.7", "1::2::3", "1:2:3:4:5:6:7:8:9",
                "12345::", "::g", "1:2:3:4:5:6:7", ":1", "::1.2.3.256", "::1.2.3", "fe80::\u0661"}) {
            assertEquals(host, new PeerAddress(host, 1).host(), host);
        }
        assertNotEquals(new PeerAddress("::1", 1), new PeerAddress("::2", 1));
    }

    @Test
    void aZoneIsKeptAsWritten() {
        assertEquals("fe80:0:0:0:0:0:0:1%eth0", new PeerAddress("FE80::1%eth0", 1).host());
    }

    /** Whatever way a random address is written, the spelling is the one the JDK gives a connection from it. */
    @Test
    void theSpellingIsTheJdks() throws UnknownHostException {
        Random random = new Random(20261125);
        for (int i = 0; i < 5_000; i++) {
            int[] groups = new int[8];
            for (int g = 0; g < 8; g++) {
                groups[g] = random.nextInt(3) == 0 ? 0 : random.nextInt(1 << (1 + random.nextInt(16)));
            }
            if (random.nextInt(10) == 0) {
                groups = new int[] {0, 0, 0, 0, 0, 0xffff, random.nextInt(1 << 16), random.nextInt(1 << 16)};
            }
            String written = written(groups, random);
            String jdk = InetAddress.getByName(written).getHostAddress();
            assertEquals(jdk, new PeerAddress(written, 1).host(), written);
        }
    }

    /** The address in one of the ways RFC 4291 allows: padded or not, either case, "::" for some zeros, IPv4 tail. */
    private static String written(int[] groups, Random random) {
        String[] texts = new String[8];
        for (int g = 0; g < 8; g++) {
            String hex = Integer.toHexString(groups[g]);
            if (random.nextBoolean()) {
                hex = "0".repeat(4 - hex.length()) + hex;
            }
            texts[g] = random.nextBoolean() ? hex.toUpperCase(Locale.ROOT) : hex;
        }
        int count = 8;
        String tail = "";
        if (random.nextInt(4) == 0) {
            count = 6;
            tail = (groups[6] >>> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >>> 8) + "." + (groups[7] & 0xff);
        }
        int zerosFrom = -1;
        int zerosTo = -1;
        if (random.nextBoolean()) {
            for (int g = 0; g < count && zerosFrom < 0; g++) {
                if (groups[g] == 0) {
                    zerosFrom = g;
                    zerosTo = g + 1;
                    while (zerosTo < count && groups[zerosTo] == 0) {
                        zerosTo++;
                    }
                }
            }
        }
        StringBuilder text = new StringBuilder();
        for (int g = 0; g < count; g++) {
            if (g == zerosFrom) {
                text.append("::");
                g = zerosTo - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(texts[g]);
        }
        if (!tail.isEmpty()) {
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(tail);
        }
        return text.toString();
    }
}
