package io.assistantcore.api.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides which unauthenticated refusals (401 without a caller) are audited one by one. Anyone can send them, as
 * fast as the network allows, and each stored event stays in the event store for ever; so per window (a minute)
 * only the first few per source (remote address) and the first few overall are recorded one by one, and the rest
 * are counted and recorded as one summary when the window ends. The sources seen are kept for one window only, and
 * their number is bounded: once the bound is reached, every further source is counted as well.
 */
final class UnauthenticatedRefusals {

    /** What a window held back: {@code count} refusals between {@code from} and {@code to}, from {@code sources}. */
    record Summary(Instant from, Instant to, long count, int sources) {
    }

    private final Clock clock;
    private final Duration window;
    private final int perSource;
    private final int overall;
    private final int maxSources;

    // guarded by this
    private Instant windowStart;
    private final Map<String, Integer> recordedBySource = new HashMap<>();
    private final Map<String, Boolean> suppressedSources = new HashMap<>();
    private int recorded;
    private long suppressed;
    private boolean sourcesOverflowed;

    UnauthenticatedRefusals(Clock clock, Duration window, int perSource, int overall, int maxSources) {
        this.clock = clock;
        this.window = window;
        this.perSource = perSource;
        this.overall = overall;
        this.maxSources = maxSources;
        this.windowStart = clock.instant();
    }

    /**
     * Counts one refusal from {@code source}; answers whether it is to be recorded on its own. The summary of a
     * window that has ended, if any, is handed to {@code ended} first.
     */
    synchronized boolean admit(String source, java.util.function.Consumer<Summary> ended) {
        rollOver(ended);
        String key = source == null ? "?" : source;
        Integer seen = recordedBySource.get(key);
        boolean known = seen != null;
        if (!known && recordedBySource.size() >= maxSources) {
            sourcesOverflowed = true;
        }
        if (recorded < overall && (known || !sourcesOverflowed) && (seen == null ? 0 : seen) < perSource) {
            recordedBySource.merge(key, 1, Integer::sum);
            recorded++;
            return true;
        }
        suppressed++;
        if (suppressedSources.size() < maxSources) {
            suppressedSources.put(key, Boolean.TRUE);
        }
        return false;
    }

    /** Ends the current window if its time is up, handing its summary (if anything was held back) to {@code ended}. */
    synchronized void rollOver(java.util.function.Consumer<Summary> ended) {
        Instant now = clock.instant();
        if (now.isBefore(windowStart.plus(window))) {
            return;
        }
        flush(now, ended);
    }

    /** Ends the current window now (shutdown, tests). */
    synchronized void flush(java.util.function.Consumer<Summary> ended) {
        flush(clock.instant(), ended);
    }

    private void flush(Instant now, java.util.function.Consumer<Summary> ended) {
        Summary summary = suppressed == 0 ? null
                : new Summary(windowStart, now, suppressed, suppressedSources.size());
        windowStart = now;
        recordedBySource.clear();
        suppressedSources.clear();
        recorded = 0;
        suppressed = 0;
        sourcesOverflowed = false;
        if (summary != null) {
            ended.accept(summary);
        }
    }
}
