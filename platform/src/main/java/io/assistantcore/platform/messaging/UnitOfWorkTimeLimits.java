package io.assistantcore.platform.messaging;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A time limit on every unit of work — each command, query, deadline and batch of an event processor: a warning with the
 * thread's current stack after {@code warningAfter} (and again every {@code warningAfter}), an interrupt at
 * {@code limit}, after which the unit of work fails with Axon's {@link AxonTimeoutException}. The same behaviour as
 * Axon's own {@code UnitOfWorkTimeoutInterceptor}, which this replaces (decision 0021): Axon's records the thread's
 * whole stack trace when each unit of work starts (to trim the warning it may log) and schedules and cancels a task
 * on a shared scheduler for each; here a unit of work is one entry in a set, and one watchdog thread looks at the
 * set twice a second, taking a stack trace only for a unit of work that is late.
 */
public final class UnitOfWorkTimeLimits implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UnitOfWorkTimeLimits.class);
    private static final String RESOURCE_KEY = UnitOfWorkTimeLimits.class.getName();
    private static final int STACK_FRAMES_LOGGED = 20;

    private final long limitNanos;
    private final long warningNanos;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;

    public UnitOfWorkTimeLimits(Duration limit, Duration warningAfter) {
        if (limit.isNegative() || limit.isZero() || warningAfter.isNegative() || warningAfter.isZero()) {
            throw new IllegalArgumentException("time limits must be positive");
        }
        this.limitNanos = limit.toNanos();
        this.warningNanos = warningAfter.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "unit-of-work-time-limits");
            thread.setDaemon(true);
            return thread;
        });
        long tick = Math.max(10, Math.min(500, Math.min(limit.toMillis(), warningAfter.toMillis()) / 4));
        watchdog.scheduleWithFixedDelay(this::check, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Registers the limits on the command bus, the query bus, the deadline manager and every event processor. */
    public ConfigurerModule module() {
        return configurer -> {
            configurer.eventProcessing().registerDefaultHandlerInterceptor(
                    (config, processorName) -> interceptor("EventProcessor " + processorName));
            // as Axon does it: the buses exist once the configuration starts
            configurer.onStart(Integer.MIN_VALUE, () -> {
                var configuration = configurer.buildConfiguration();
                configuration.commandBus().registerHandlerInterceptor(interceptor("CommandBus"));
                configuration.queryBus().registerHandlerInterceptor(interceptor("QueryBus"));
                configuration.deadlineManager().registerHandlerInterceptor(interceptor("DeadlineManager"));
            });
        };
    }

    /** An interceptor that bounds the root unit of work of each message it sees (nested ones share the limit). */
    public <T extends Message<?>> MessageHandlerInterceptor<T> interceptor(String component) {
        return (unitOfWork, chain) -> handle(component, unitOfWork, chain);
    }

    /** Units of work running now (for tests and diagnostics). */
    int runningCount() {
        return running.size();
    }

    private Object handle(String component, UnitOfWork<?> unitOfWork, InterceptorChain chain) throws Exception {
        UnitOfWork<?> root = unitOfWork.root();
        Running current = (Running) root.resources().get(RESOURCE_KEY);
        if (current == null) {
            Running started = new Running("UnitOfWork of " + component, Thread.currentThread(), System.nanoTime());
            root.resources().put(RESOURCE_KEY, started);
            running.add(started);
            // the limit covers the commit; the unit of work is done at its cleanup, whatever its outcome
            root.onCleanup(u -> finish(started));
            current = started;
        }
        try {
            Object result = chain.proceed();
            current.failIfTimedOut();
            return result;
        } catch (Exception e) {
            throw current.timedOutInstead(e);
        }
    }

    private void finish(Running unit) {
        running.remove(unit);
        if (unit.interrupted && unit.thread == Thread.currentThread()) {
            // our interrupt must not outlive the unit of work on a pooled thread
            Thread.interrupted();
        }
    }

    private void check() {
        try {
            long now = System.nanoTime();
            for (Running unit : running) {
                long elapsed = now - unit.started;
                if (elapsed >= limitNanos) {
                    if (!unit.interrupted) {
                        unit.interrupted = true;
                        log.warn("{} has run for {} ms, over its limit of {} ms: interrupting it; {}", unit.name,
                                TimeUnit.NANOSECONDS.toMillis(elapsed), TimeUnit.NANOSECONDS.toMillis(limitNanos),
                                where(unit.thread));
                        unit.thread.interrupt();
                    }
                } else if (elapsed >= unit.nextWarning) {
                    unit.nextWarning += warningNanos;
                    log.warn("{} is taking a long time to process: {} ms so far, interrupted at {} ms; {}", unit.name,
                            TimeUnit.NANOSECONDS.toMillis(elapsed), TimeUnit.NANOSECONDS.toMillis(limitNanos),
                            where(unit.thread));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Time-limit check failed: {}", e.toString());
        }
    }

    private static String where(Thread thread) {
        return "thread " + thread.getName() + " at " + Arrays.stream(thread.getStackTrace()).limit(STACK_FRAMES_LOGGED)
                .map(StackTraceElement::toString).collect(Collectors.joining(" < "));
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    private final class Running {
        final String name;
        final Thread thread;
        final long started;
        volatile long nextWarning;
        volatile boolean interrupted;

        Running(String name, Thread thread, long started) {
            this.name = name;
            this.thread = thread;
            this.started = started;
            this.nextWarning = warningNanos < limitNanos ? warningNanos : Long.MAX_VALUE;
        }

        /** The work ended normally but was interrupted on the way (an interrupt swallowed below): still a timeout. */
        void failIfTimedOut() {
            if (interrupted) {
                Thread.interrupted();
                throw new AxonTimeoutException(name + " has timed out");
            }
        }

        /** A failure caused by the interrupt is reported as the timeout it is. */
        Exception timedOutInstead(Exception failure) {
            if (interrupted && !(failure instanceof AxonTimeoutException)) {
                Thread.interrupted();
                AxonTimeoutException timeout = new AxonTimeoutException(name + " has timed out");
                timeout.addSuppressed(failure);
                return timeout;
            }
            return failure;
        }
    }
}
