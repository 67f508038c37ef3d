package io.assistantcore.ai.assist;

import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.provider.LangChainTextGenerator;
import io.assistantcore.ai.provider.ProviderSettings;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.ProviderWire;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.AssistCommands.FailOverSuggestion;
import io.assistantcore.messages.assist.AssistCommands.StartSuggestionStream;
import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.assist.Tone;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** How the worker ends an attempt whose provider gave an empty answer: failover, with the usage billed once. */
class AttemptRunnerFailoverTest {

    private final FakeProviderServer server = FakeProviderServer.start();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<Object> sent = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        server.close();
        timer.shutdownNow();
    }

    @Test
    void anEmptyAnswerFailsOverToTheNextProviderAndBillsWhatTheProviderReportedOnce() throws Exception {
        OpenAiWire openai = new OpenAiWire();
        server.enqueue(openai.stream("gpt-4o-mini", List.of(), new ProviderWire.Usage(41, 1)));
        LangChainTextGenerator empty = new LangChainTextGenerator(ProviderSettings.of("openai", "k",
                openai.baseUrl(server.origin()), null).withRetries(2, Duration.ofMillis(10)));
        LangChainTextGenerator next = new LangChainTextGenerator(ProviderSettings.of("anthropic", "k",
                server.origin(), null));
        AttemptRunner runner = new AttemptRunner(new ProviderChain(List.of(empty, next)), recordingCommands(),
                noEvents(), new RunningAttempts(), Runnable::run, timer, 64, Duration.ofMillis(20),
                new PriceBook(List::of, Duration.ofMinutes(1), Clock.systemUTC()), null);

        runner.start(new AttemptJob("s-1", "acme", "g-1", 1, new GenerationSpec(AiAction.IMPROVE, Tone.PROFESSIONAL,
                null, "Please improve this sentence.", List.of(), false, Set.of(), "v1", false, false),
                null, Map.of(), false, true));

        assertThat(sent.poll(10, TimeUnit.SECONDS)).isInstanceOf(StartSuggestionStream.class);
        Object ending = sent.poll(10, TimeUnit.SECONDS);
        assertThat(ending).isInstanceOf(FailOverSuggestion.class);
        FailOverSuggestion failOver = (FailOverSuggestion) ending;
        assertThat(failOver.failedProvider()).isEqualTo("openai");
        assertThat(failOver.nextProvider()).isEqualTo("anthropic");
        assertThat(failOver.reason()).isEqualTo("openai returned an empty answer");
        assertThat(failOver.usage()).isEqualTo(new TokenUsage(41, 1, true));
        // one ending command for the attempt, no completion with an empty text
        assertThat(sent.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    private CommandGateway recordingCommands() {
        return (CommandGateway) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{CommandGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendAndWait")) {
                        Object command = args[0] instanceof CommandMessage<?> message ? message.getPayload() : args[0];
                        sent.add(command);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static EventGateway noEvents() {
        return (EventGateway) Proxy.newProxyInstance(AttemptRunnerFailoverTest.class.getClassLoader(),
                new Class<?>[]{EventGateway.class}, (proxy, method, args) -> null);
    }
}
