package dev.gorrent.cli.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;

/** One {@link OpenTracker} for a test class, started before its first test and closed after its last. */
final class OpenTrackerPerClass implements BeforeAllCallback, AfterAllCallback {
    private OpenTracker tracker;

    /** Starts the tracker; if it cannot start, JUnit fails the whole class. */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        tracker = OpenTracker.start();
    }

    /** The class's tracker; only between its first and last test. */
    OpenTracker running() {
        if (tracker == null) {
            throw new IllegalStateException("opentracker runs only while the test class does;"
                    + " register this with a static @RegisterExtension field");
        }
        return tracker;
    }

    /** Stops the tracker and deletes its folder; nothing to do if it never started. */
    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (tracker == null) {
            return;
        }
        try {
            tracker.close();
        } finally {
            // Forget it even if closing failed: running() must not hand out a stopped tracker.
            tracker = null;
        }
    }
}
