package dev.gorrent.application.port.in;

import java.time.Duration;

/** How a seeding session went. */
public record SeedResult(long uploadedBytes, Duration elapsed) {
}
