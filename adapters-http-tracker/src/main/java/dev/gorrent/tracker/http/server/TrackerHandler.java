package dev.gorrent.tracker.http.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.gorrent.domain.bencode.BValue;
import dev.gorrent.domain.bencode.BencodeEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Answers one tracker path with a bencoded body. Refusals go back as {@code failure reason} with HTTP 200,
 * as BEP 3 clients expect; only a wrong path or method gets an HTTP error. Runs on the server's workers.
 */
abstract sealed class TrackerHandler implements HttpHandler permits AnnounceHandler, ScrapeHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerHandler.class);

    private final String path;

    TrackerHandler(String path) {
        this.path = path;
    }

    /** The answer to a request whose raw query has been parsed. */
    abstract BValue answer(QueryString query, HttpExchange exchange) throws RequestRefused;

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            // Not even HEAD: an announce changes the swarm, which a HEAD must not do.
            if (!method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            // The server routes by prefix; /announcement is not /announce.
            if (!exchange.getRequestURI().getRawPath().equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = BencodeEncoder.encode(respond(exchange));
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    private BValue respond(HttpExchange exchange) {
        try {
            String rawQuery = Objects.requireNonNullElse(exchange.getRequestURI().getRawQuery(), "");
            return answer(QueryString.parse(rawQuery), exchange);
        } catch (RequestRefused e) {
            return Replies.failure(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("tracker request {} failed", path, e);
            return Replies.failure("internal tracker error");
        }
    }
}
