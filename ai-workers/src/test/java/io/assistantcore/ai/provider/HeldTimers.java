package io.assistantcore.ai.provider;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler for tests: work scheduled with a delay below {@code holdFrom} runs as usual (attempt starts, short
 * backoffs), while timers of {@code holdFrom} or more are held until the test fires them. A timeout then happens at
 * the point the test chooses, not when a loaded machine gets round to it.
 */
final class HeldTimers extends ScheduledThreadPoolExecutor {

    private final long holdFromNanos;
    private final List<Held> held = new CopyOnWriteArrayList<>();

    HeldTimers(Duration holdFrom) {
        super(2);
        this.holdFromNanos = holdFrom.toNanos();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        long nanos = unit.toNanos(delay);
        if (nanos < holdFromNanos) {
            return super.schedule(command, delay, unit);
        }
        Held timer = new Held(command, nanos);
        held.add(timer);
        return timer;
    }

    /** Runs, on the calling thread, every held timer of exactly {@code delay} that is not cancelled; how many ran. */
    int fire(Duration delay) {
        int fired = 0;
        for (Held timer : held) {
            if (timer.delayNanos == delay.toNanos() && !timer.isCancelled() && !timer.isDone()) {
                timer.run();
                fired++;
            }
        }
        return fired;
    }

    /** Held timers of exactly {@code delay} still waiting (not cancelled, not fired). */
    long waiting(Duration delay) {
        return held.stream().filter(t -> t.delayNanos == delay.toNanos() && !t.isCancelled() && !t.isDone()).count();
    }

    private static final class Held extends FutureTask<Object> implements ScheduledFuture<Object> {

        final long delayNanos;

        Held(Runnable command, long delayNanos) {
            super(command, null);
            this.delayNanos = delayNanos;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(delayNanos, other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
