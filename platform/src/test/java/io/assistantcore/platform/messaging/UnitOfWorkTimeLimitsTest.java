package io.assistantcore.platform.messaging;

import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.timeout.AxonTimeoutException;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitOfWorkTimeLimitsTest {

    private final UnitOfWorkTimeLimits limits = new UnitOfWorkTimeLimits(Duration.ofMillis(200), Duration.ofMillis(50));

    @AfterEach
    void close() {
        limits.close();
    }

    private ResultMessage<Object> run(MessageHandler<Message<?>> handler) {
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("payload"));
        return unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork,
                List.of(limits.<Message<?>>interceptor("Test")), handler).proceed());
    }

    @Test
    void workThatEndsInTimeIsUntouchedAndLeavesNothingBehind() {
        ResultMessage<Object> result = run(message -> "done " + message.getPayload());

        assertThat(result.isExceptional()).isFalse();
        assertThat(result.getPayload()).isEqualTo("done payload");
        assertThat(limits.runningCount()).isZero();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void workPastItsLimitIsInterruptedAndFailsAsATimeout() {
        CountDownLatch never = new CountDownLatch(1);
        ResultMessage<Object> result = run(message -> never.await(30, TimeUnit.SECONDS));

        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(AxonTimeoutException.class)
                .hasMessageContaining("UnitOfWork of Test");
        assertThat(limits.runningCount()).isZero();
        // the interrupt does not outlive the unit of work (threads are pooled)
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void anInterruptSwallowedBelowStillEndsInATimeout() {
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        ResultMessage<Object> result = run(message -> {
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException swallowed) {
                sawInterrupt.set(true);
            }
            return "pretends all is well";
        });

        assertThat(sawInterrupt).isTrue();
        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(AxonTimeoutException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void nestedUnitsOfWorkShareTheRootsLimit() throws Exception {
        ResultMessage<Object> result = run(outer -> {
            DefaultUnitOfWork<Message<?>> nested = DefaultUnitOfWork.startAndGet(new GenericMessage<>("inner"));
            ResultMessage<Object> inner = nested.executeWithResult(() -> new DefaultInterceptorChain<>(nested,
                    List.of(limits.<Message<?>>interceptor("Nested")), message -> limits.runningCount()).proceed());
            return inner.getPayload();
        });

        assertThat(result.getPayload()).isEqualTo(1);
        assertThat(limits.runningCount()).isZero();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new UnitOfWorkTimeLimits(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
