package dev.gorrent.tracker.http;

import dev.gorrent.application.port.out.TrackerException;
import dev.gorrent.tracker.net.HostResolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * GETs plain {@code http://} URLs: HTTP/1.1 on a connection of its own per request, closed after the answer.
 * Almost all trackers speak plain HTTP, and the JDK's client costs start-up time they do not need: building it
 * loads TLS and the trust store, and its first request loads hundreds of classes.
 *
 * <p>One deadline bounds resolving the host name, connecting, sending and reading the head and body, across
 * redirects. The name is resolved by a {@link HostResolver}, on a thread of its own that the caller stops waiting
 * for when the deadline passes, as the system resolver takes no time-out. The other blocking calls run on the
 * caller's thread, and interrupting it stops them at once: the socket belongs to a socket channel, so the
 * interrupt closes it; an interrupt also ends the wait for a name.
 *
 * <p>Redirects are followed as the JDK's {@code Redirect.NORMAL} follows them: 301, 302, 303, 307 and 308 with a
 * Location, at most {@link #MAX_REDIRECTS} times. A redirect to {@code https} is handed back to the caller, for
 * the JDK's client.
 */
final class PlainHttpGet {
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> FOLLOWED = Set.of(301, 302, 303, 307, 308);

    private final HttpTrackerSettings settings;
    private final HostResolver resolver;

    PlainHttpGet(HttpTrackerSettings settings, HostResolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    /** What a GET came to when it did not fail. */
    sealed interface Outcome permits Body, ToHttps {
    }

    /** The body of a 2xx answer. */
    record Body(byte[] bytes) implements Outcome {
    }

    /** A redirect to an {@code https} URL, which only the JDK's client can follow. */
    record ToHttps(URI uri) implements Outcome {
    }

    /** One exchange's answer: a 2xx body, or where a redirect points (exactly one of them is null). */
    private record Reply(byte[] body, String location) {
    }

    /**
     * GETs {@code uri}, an {@code http} URL, following redirects.
     *
     * @throws TrackerException when the answer is not a 2xx one or the exchange fails, worded by {@code failures}
     */
    Outcome get(URI uri, Deadline deadline, TrackerFailures failures) throws TrackerException {
        HttpTarget target;
        try {
            target = HttpTarget.of(uri);
        } catch (IllegalArgumentException e) {
            throw failures.invalidUrl(e.getMessage(), e);
        }
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            Reply reply = exchange(target, deadline, failures);
            if (reply.location() == null) {
                return new Body(reply.body());
            }
            if (redirects == MAX_REDIRECTS) {
                throw failures.tooManyRedirects(MAX_REDIRECTS);
            }
            current = resolve(current, reply.location(), failures);
            if (current.getScheme().equalsIgnoreCase("https")) {
                return new ToHttps(current);
            }
            try {
                target = HttpTarget.of(current);
            } catch (IllegalArgumentException e) {
                throw failures.badRedirect(reply.location(), e.getMessage(), e);
            }
        }
    }

    private Reply exchange(HttpTarget target, Deadline deadline, TrackerFailures failures) throws TrackerException {
        try (Socket socket = connect(target, deadline)) {
            // The request is a few hundred bytes: a fresh connection's send buffer takes it without blocking.
            socket.getOutputStream().write(request(target));
            ResponseInput in = new ResponseInput(socket, deadline);
            ResponseHead head = HeadReader.forHead(in).read();
            if (head.isSuccess()) {
                return new Reply(ResponseBody.read(head, in, settings.maxBodyBytes()), null);
            }
            List<String> location = head.values("location");
            if (location.size() > 1) {
                throw new MalformedAnswer("a redirect with " + location.size() + " Location fields");
            }
            // Like the JDK's client, a redirect without a Location is an answer, and not a 2xx one.
            if (!FOLLOWED.contains(head.status()) || location.isEmpty()) {
                throw failures.status(head.status());
            }
            return new Reply(null, location.get(0));
        } catch (MalformedAnswer e) {
            throw failures.malformed(e.getMessage(), e);
        } catch (AnswerTooLong e) {
            throw failures.bodyTooLong();
        } catch (IOException e) {
            throw failures.io(e);
        }
    }

    /** Resolves the host, then opens a connection to it, both before the deadline. */
    private Socket connect(HttpTarget target, Deadline deadline) throws IOException {
        // Resolved before the socket is opened, so a slow name server holds no file descriptor.
        InetAddress address = resolver.resolve(target.host(), deadline.remaining());
        int wait = deadline.remainingMillis();
        if (wait == 0) {
            throw new SocketTimeoutException("the deadline passed before connecting");
        }
        Socket socket = SocketChannel.open().socket();
        try {
            socket.connect(new InetSocketAddress(address, target.port()), wait);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private byte[] request(HttpTarget target) {
        String head = "GET " + target.requestTarget() + " HTTP/1.1\r\n"
                + "Host: " + target.hostField() + "\r\n"
                + "User-Agent: " + settings.userAgent() + "\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n"
                + "\r\n";
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Where a Location points, relative to the URL that answered with it; only http and https are followed. */
    private static URI resolve(URI base, String location, TrackerFailures failures) throws TrackerException {
        URI next;
        try {
            // URI.resolve glues a relative path straight onto an empty base path ("http://hosta"); give it a "/".
            URI rooted = base.getRawPath() == null || base.getRawPath().isEmpty() ? base.resolve("/") : base;
            next = rooted.resolve(URI.create(location));
        } catch (IllegalArgumentException e) {
            throw failures.badRedirect(location, "not a valid URL", e);
        }
        String scheme = next.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw failures.badRedirect(location, "only http and https URLs are followed", null);
        }
        return next;
    }
}
