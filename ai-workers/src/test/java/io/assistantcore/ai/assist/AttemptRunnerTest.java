package io.assistantcore.ai.assist;

import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistCommands.CompleteSuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailOverSuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RecordCancelledOutput;
import io.assistantcore.messages.assist.AssistCommands.StartSuggestionStream;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.TokenUsage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventhandling.gateway.DefaultEventGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One attempt from start to its single ending command, with generators the test drives token by token on its own
 * thread (the runner's executor runs work in place), a real command and event bus that record what is sent, and
 * chunks of one token each.
 */
class AttemptRunnerTest {

    private static final Map<String, Object> META = Map.of("correlationId", "req-1", "tenantId", "acme");

    private final List<Object> commands = new CopyOnWriteArrayList<>();
    private final List<EventMessage<?>> events = new CopyOnWriteArrayList<>();
    private final RunningAttempts running = new RunningAttempts();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ScriptedGenerator remote = new ScriptedGenerator("openai", "gpt-test");
    private final ScriptedGenerator local = new ScriptedGenerator("local", "offline-engine-v1");
    private AttemptRunner runner;
    /** The session cancelled the suggestion: it refuses the worker's commands but the cancelled output. */
    private volatile boolean cancelledInSession;

    @BeforeEach
    void runner() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        for (Class<?> type : List.of(StartSuggestionStream.class, CompleteSuggestion.class, FailSuggestion.class,
                FailOverSuggestion.class, RecordCancelledOutput.class)) {
            bus.subscribe(type.getName(), command -> {
                commands.add(command.getPayload());
                assertThat(command.getMetaData()).containsAllEntriesOf(META);
                if (cancelledInSession && !(command.getPayload() instanceof RecordCancelledOutput)) {
                    throw io.assistantcore.messages.common.CommandRejectedException.conflict(
                            io.assistantcore.messages.common.CommandRejectedException.ATTEMPT_CANCELLED, "cancelled");
                }
                return null;
            });
        }
        SimpleEventBus eventBus = SimpleEventBus.builder().build();
        eventBus.subscribe(events::addAll);
        runner = new AttemptRunner(new ProviderChain(List.of(remote, local)),
                DefaultCommandGateway.builder().commandBus(bus).build(),
                DefaultEventGateway.builder().eventBus(eventBus).build(), running, Runnable::run, timer, 1,
                Duration.ofHours(1), new PriceBook(List::of, Duration.ofHours(1), Clock.systemUTC()), null);
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aCompletedStreamIsChunkedInOrderAndEndsWithOneCompleteCommand() {
        runner.start(job(spec(false, Set.of()), null));
        assertThat(commands).usingRecursiveFieldByFieldElementComparatorIgnoringFields("promptTokens")
                .containsExactly(new StartSuggestionStream("session", "s-1", 1, "openai", "gpt-test"));
        assertThat(((StartSuggestionStream) commands.get(0)).promptTokens()).as("the prompt as counted").isPositive();
        assertThat(running.runsHere("s-1")).isTrue();

        remote.listener.onToken("Hello ");
        remote.listener.onToken("world");
        remote.listener.onComplete(new GenerationOutcome("Hello world", new TokenUsage(5, 2, true), "gpt-test", false));

        assertThat(chunks()).containsExactly(
                new SuggestionTokensStreamed("session", "acme", "s-1", 1, 1, "Hello "),
                new SuggestionTokensStreamed("session", "acme", "s-1", 1, 2, "world"));
        assertThat(events).allSatisfy(event -> assertThat(event.getMetaData()).containsAllEntriesOf(META));
        assertThat(commands).hasSize(2);
        CompleteSuggestion completed = (CompleteSuggestion) commands.get(1);
        assertThat(completed.text()).isEqualTo("Hello world");
        assertThat(completed.chunkCount()).isEqualTo(2);
        assertThat(completed.usage()).isEqualTo(new TokenUsage(5, 2, true));
        assertThat(completed.provider()).isEqualTo("openai");
        assertThat(completed.cost()).as("no price for the model: usage recorded without a cost").isNull();
        assertThat(running.runsHere("s-1")).as("the attempt ended on this node").isFalse();
    }

    @Test
    void aCancelClosesTheProviderStreamAndRecordsWhatWasProducedInsteadOfCompleting() {
        runner.start(job(spec(false, Set.of()), null));
        remote.listener.onToken("Partial ");

        assertThat(running.cancel("s-1", 1)).isTrue();
        assertThat(remote.cancels).as("the provider connection is closed").isEqualTo(1);
        remote.listener.onComplete(new GenerationOutcome("Partial ", new TokenUsage(5, 1, false), "gpt-test", true));

        assertThat(commands).hasSize(2).last().isInstanceOf(RecordCancelledOutput.class);
        RecordCancelledOutput recorded = (RecordCancelledOutput) commands.get(1);
        assertThat(recorded.partialText()).isEqualTo("Partial ");
        assertThat(recorded.usage().outputTokens()).isEqualTo(1);
        assertThat(commands).noneMatch(CompleteSuggestion.class::isInstance);
        assertThat(running.runsHere("s-1")).isFalse();
    }

    @Test
    void aCompletionTheCancelledSessionRefusesIsRecordedAsTheCancelledOutputWithItsUsage() {
        runner.start(job(spec(false, Set.of()), null));
        remote.listener.onToken("Hello");
        // the user cancels in the session; this node hears of it only when its completion is refused
        cancelledInSession = true;
        remote.listener.onComplete(new GenerationOutcome("Hello", new TokenUsage(5, 1, true), "gpt-test", false));

        assertThat(commands).extracting(Object::getClass).map(Class::getSimpleName).containsExactly(
                "StartSuggestionStream", "CompleteSuggestion", "RecordCancelledOutput");
        RecordCancelledOutput recorded = (RecordCancelledOutput) commands.get(2);
        assertThat(recorded.partialText()).isEqualTo("Hello");
        assertThat(recorded.usage()).isEqualTo(new TokenUsage(5, 1, true));
        assertThat(recorded.provider()).isEqualTo("openai");
        assertThat(running.runsHere("s-1")).isFalse();
    }

    @Test
    void aRetryableErrorFailsOverToTheNextProviderWithThePartialText() {
        runner.start(job(spec(false, Set.of()), null));
        remote.listener.onToken("Half ");
        remote.listener.onError(new GenerationException("openai answered 500", true, "Half ", null));

        assertThat(commands).hasSize(2);
        FailOverSuggestion failover = (FailOverSuggestion) commands.get(1);
        assertThat(failover.failedProvider()).isEqualTo("openai");
        assertThat(failover.nextProvider()).isEqualTo("local");
        assertThat(failover.partialText()).isEqualTo("Half ");
        assertThat(failover.reason()).isEqualTo("openai answered 500");
        assertThat(failover.usage().reportedByProvider()).as("estimated").isFalse();
        assertThat(running.runsHere("s-1")).isFalse();
    }

    @Test
    void anErrorOnTheLastProviderFailsTheAttempt() {
        runner.start(job(spec(false, Set.of()), "local"));
        assertThat(commands).usingRecursiveFieldByFieldElementComparatorIgnoringFields("promptTokens")
                .containsExactly(new StartSuggestionStream("session", "s-1", 1, "local",
                "offline-engine-v1"));
        assertThat(remote.listener).as("the chain starts where the job says").isNull();

        local.listener.onError(new GenerationException("cannot follow this prompt", false, "", null));

        assertThat(commands).hasSize(2);
        FailSuggestion failed = (FailSuggestion) commands.get(1);
        assertThat(failed.reason()).isEqualTo("cannot follow this prompt");
        assertThat(failed.provider()).isEqualTo("local");
        assertThat(failed.cost().amount()).as("the offline engine costs nothing").isZero();
    }

    @Test
    void aPolicyThatAllowsNoConfiguredProviderFailsWithoutCallingAModel() {
        runner.start(job(spec(false, Set.of("anthropic")), null));

        assertThat(commands).hasSize(1);
        FailSuggestion failed = (FailSuggestion) commands.get(0);
        assertThat(failed.reason()).contains("anthropic").contains("openai").contains("local");
        assertThat(remote.listener).isNull();
        assertThat(local.listener).isNull();
        assertThat(running.runsHere("s-1")).isFalse();
    }

    @Test
    void personalDataIsMaskedForARemoteModelAndRestoredInWhatTheUserSees() {
        String text = "Please mail jane.doe@example.com about the offer.";
        runner.start(job(new GenerationSpec(AiAction.IMPROVE, null, null, text, List.of(), true, Set.of(), "v1",
                false, false), null));
        assertThat(remote.request.text()).as("what leaves the platform").doesNotContain("jane.doe@example.com");

        // the model echoes what it was sent, placeholder and all
        for (String token : remote.request.text().split("(?<= )")) {
            remote.listener.onToken(token);
        }
        remote.listener.onComplete(new GenerationOutcome(remote.request.text(), new TokenUsage(9, 9, true),
                "gpt-test", false));

        CompleteSuggestion completed = (CompleteSuggestion) commands.get(1);
        assertThat(completed.text()).isEqualTo(text);
        assertThat(chunks().stream().map(SuggestionTokensStreamed::text).reduce("", String::concat)).isEqualTo(text);
    }

    private List<SuggestionTokensStreamed> chunks() {
        return events.stream().map(EventMessage::getPayload).filter(SuggestionTokensStreamed.class::isInstance)
                .map(SuggestionTokensStreamed.class::cast).toList();
    }

    private static GenerationSpec spec(boolean maskPii, Set<String> allowedModels) {
        return new GenerationSpec(AiAction.IMPROVE, null, null, "Some text to improve.", List.of(), maskPii,
                allowedModels, "v1", false, false);
    }

    private static AttemptJob job(GenerationSpec spec, String startProvider) {
        return new AttemptJob("session", "acme", "s-1", 1, spec, startProvider, META, false, true);
    }

    /** A provider whose stream the test drives; remembers the request and counts cancels. */
    private static final class ScriptedGenerator implements TextGenerator {

        private final String providerId;
        private final String model;
        volatile GenerationListener listener;
        volatile GenerationRequest request;
        volatile int cancels;

        ScriptedGenerator(String providerId, String model) {
            this.providerId = providerId;
            this.model = model;
        }

        @Override
        public String providerId() {
            return providerId;
        }

        @Override
        public String defaultModel() {
            return model;
        }

        @Override
        public GenerationHandle generate(GenerationRequest request, GenerationListener listener) {
            this.request = request;
            this.listener = listener;
            return () -> cancels++;
        }
    }
}
