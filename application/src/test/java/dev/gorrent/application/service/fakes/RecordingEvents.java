package dev.gorrent.application.service.fakes;

import dev.gorrent.application.port.out.DownloadEvent;
import dev.gorrent.application.port.out.DownloadEvents;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Keeps every published event; the session thread publishes, the test reads. */
public final class RecordingEvents implements DownloadEvents {
    private final List<DownloadEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(DownloadEvent event) {
        events.add(event);
    }

    public List<DownloadEvent> all() {
        return List.copyOf(events);
    }

    public <T extends DownloadEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits until some event of the type matches; fails the test when none does in time. */
    public <T extends DownloadEvent> T await(Class<T> type, Predicate<T> matching, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (T event : ofType(type)) {
                if (matching.test(event)) {
                    return event;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching " + type.getSimpleName() + " within " + within + "; got "
                        + all());
            }
            Thread.sleep(10);
        }
    }
}
