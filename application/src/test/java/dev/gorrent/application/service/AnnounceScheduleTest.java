package dev.gorrent.application.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnounceScheduleTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 10_000 * SECOND;

    @Test
    void theFirstAnnounceIsDueAtOnce() {
        AnnounceSchedule schedule = new AnnounceSchedule(T0);

        assertTrue(schedule.isDue(T0));
        assertFalse(schedule.mayAnnounceEarly(T0), "nothing to be early about before the first announce");
    }

    @Test
    void nothingIsDueWhileAnAnnounceIsInFlight() {
        AnnounceSchedule schedule = new AnnounceSchedule(T0);

        schedule.started(T0);

        assertFalse(schedule.isDue(T0 + 3_600 * SECOND));
        assertFalse(schedule.mayAnnounceEarly(T0 + 3_600 * SECOND));
    }

    @Test
    void theNextAnnounceWaitsForTheTrackersInterval() {
        AnnounceSchedule schedule = answeredAt(T0, Duration.ofSeconds(1_800), Duration.ZERO);

        assertFalse(schedule.isDue(T0 + 1_799 * SECOND));
        assertTrue(schedule.isDue(T0 + 1_800 * SECOND));
    }

    @Test
    void aMinIntervalLongerThanTheIntervalWins() {
        AnnounceSchedule schedule = answeredAt(T0, Duration.ofSeconds(60), Duration.ofSeconds(300));

        assertFalse(schedule.isDue(T0 + 299 * SECOND));
        assertTrue(schedule.isDue(T0 + 300 * SECOND));
    }

    @Test
    void anEarlyAnnounceRespectsTheTrackersMinInterval() {
        AnnounceSchedule schedule = answeredAt(T0, Duration.ofSeconds(1_800), Duration.ofSeconds(120));

        assertFalse(schedule.mayAnnounceEarly(T0 + 119 * SECOND));
        assertTrue(schedule.mayAnnounceEarly(T0 + 120 * SECOND));
    }

    @Test
    void withoutAMinIntervalAnEarlyAnnounceStillWaitsHalfAMinute() {
        AnnounceSchedule schedule = answeredAt(T0, Duration.ofSeconds(1_800), Duration.ZERO);

        assertFalse(schedule.mayAnnounceEarly(T0 + 29 * SECOND));
        assertTrue(schedule.mayAnnounceEarly(T0 + 30 * SECOND));
    }

    @Test
    void failuresBackOffLongerEachTime() {
        AnnounceSchedule schedule = new AnnounceSchedule(T0);
        long now = T0;
        long[] expectedWaits = {15, 30, 60, 120};
        for (long wait : expectedWaits) {
            schedule.started(now);
            schedule.failed(now);
            assertFalse(schedule.isDue(now + (wait - 1) * SECOND), "before " + wait + " s");
            assertTrue(schedule.isDue(now + wait * SECOND), "after " + wait + " s");
            now += wait * SECOND;
        }
    }

    @Test
    void theBackOffStopsGrowingAtHalfAnHour() {
        AnnounceSchedule schedule = new AnnounceSchedule(T0);
        long now = T0;
        for (int i = 0; i < 40; i++) {
            schedule.started(now);
            schedule.failed(now);
            now += 3 * 3_600 * SECOND;
        }
        long last = now - 3 * 3_600 * SECOND;

        assertFalse(schedule.isDue(last + 1_799 * SECOND));
        assertTrue(schedule.isDue(last + 1_800 * SECOND));
    }

    @Test
    void noEarlyAnnounceWhileTrackersFail() {
        AnnounceSchedule schedule = answeredAt(T0, Duration.ofSeconds(1_800), Duration.ZERO);
        schedule.started(T0 + 100 * SECOND);
        schedule.failed(T0 + 100 * SECOND);

        assertFalse(schedule.mayAnnounceEarly(T0 + 1_000 * SECOND));
    }

    @Test
    void anAnswerEndsTheBackOff() {
        AnnounceSchedule schedule = new AnnounceSchedule(T0);
        long now = T0;
        for (int i = 0; i < 5; i++) {
            schedule.started(now);
            schedule.failed(now);
            now += 3_600 * SECOND;
        }
        schedule.started(now);
        schedule.answered(Duration.ofSeconds(600), Duration.ZERO, now);
        schedule.started(now + 600 * SECOND);
        schedule.failed(now + 600 * SECOND);

        assertTrue(schedule.isDue(now + 615 * SECOND), "back-off starts again from 15 s");
    }

    private static AnnounceSchedule answeredAt(long now, Duration interval, Duration minInterval) {
        AnnounceSchedule schedule = new AnnounceSchedule(now);
        schedule.started(now);
        schedule.answered(interval, minInterval, now);
        return schedule;
    }
}
