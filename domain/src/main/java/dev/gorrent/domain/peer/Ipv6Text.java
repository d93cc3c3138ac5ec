package dev.gorrent.domain.peer;

/**
 * One spelling for each IPv6 address, so that a peer is the same host however a tracker, the user or the
 * socket wrote it ("::1", "0:0:0:0:0:0:0:01", "0::1"): bans and look-ups go by host.
 *
 * <p>The spelling is the JDK's ({@code Inet6Address.getHostAddress()}), which connections report for incoming
 * peers: eight groups of lower-case hex without leading zeros, no "::". An IPv4-mapped address is the IPv4
 * address it maps, as the JDK reports those connections. A zone ({@code %eth0}) is kept as written.
 */
final class Ipv6Text {
    private static final int GROUPS = 8;
    private static final int MAPPED_PREFIX_GROUP = 0xffff;

    private Ipv6Text() {
    }

    /** The one spelling of {@code host} when it is an IPv6 literal; anything else comes back unchanged. */
    static String canonical(String host) {
        if (host.indexOf(':') < 0) {
            return host;
        }
        int zoneAt = host.indexOf('%');
        String address = zoneAt < 0 ? host : host.substring(0, zoneAt);
        String zone = zoneAt < 0 ? "" : host.substring(zoneAt);
        int[] groups = parse(address);
        if (groups == null) {
            return host;
        }
        if (zone.isEmpty() && isIpv4Mapped(groups)) {
            return (groups[6] >>> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >>> 8) + "." + (groups[7] & 0xff);
        }
        StringBuilder text = new StringBuilder(39 + zone.length());
        for (int i = 0; i < GROUPS; i++) {
            if (i > 0) {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.append(zone).toString();
    }

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == MAPPED_PREFIX_GROUP;
    }

    /** The eight 16-bit groups of an RFC 4291 text address, or null when it is not one. */
    private static int[] parse(String address) {
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = gap < 0 ? groupsOf(address, true) : groupsOf(address.substring(0, gap), false);
        int[] tail = gap < 0 ? new int[0] : groupsOf(address.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int given = head.length + tail.length;
        if (gap < 0 ? given != GROUPS : given > GROUPS - 1) {
            return null;
        }
        int[] groups = new int[GROUPS];
        System.arraycopy(head, 0, groups, 0, head.length);
        System.arraycopy(tail, 0, groups, GROUPS - tail.length, tail.length);
        return groups;
    }

    /**
     * Colon-separated groups of one to four hex digits ("" is none); the last may be a dotted IPv4 address,
     * which counts as two groups, where {@code mayEndInIpv4}.
     */
    private static int[] groupsOf(String part, boolean mayEndInIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        String last = texts[texts.length - 1];
        boolean endsInIpv4 = mayEndInIpv4 && last.indexOf('.') >= 0;
        int[] groups = new int[texts.length + (endsInIpv4 ? 1 : 0)];
        for (int i = 0; i < texts.length - (endsInIpv4 ? 1 : 0); i++) {
            int group = hexGroup(texts[i]);
            if (group < 0) {
                return null;
            }
            groups[i] = group;
        }
        if (endsInIpv4) {
            long ipv4 = dottedQuad(last);
            if (ipv4 < 0) {
                return null;
            }
            groups[groups.length - 2] = (int) (ipv4 >>> 16);
            groups[groups.length - 1] = (int) (ipv4 & 0xffff);
        }
        return groups;
    }

    private static int hexGroup(String text) {
        if (text.isEmpty() || text.length() > 4) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // ASCII only: Character.digit would also take other scripts' digits, which no address is written in.
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /** Four decimal bytes, as the 32-bit number they make, or -1 when {@code text} is not exactly that. */
    private static long dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3) {
                return -1;
            }
            int octet = 0;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) {
                return -1;
            }
            value = value << 8 | octet;
        }
        return value;
    }
}
