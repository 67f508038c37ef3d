package io.assistantcore.ai.provider;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.provider.fake.FakeProviderServer;
import io.assistantcore.ai.provider.fake.OpenAiWire;
import io.assistantcore.ai.provider.fake.RecordedRequest;
import io.assistantcore.ai.provider.fake.RecordingListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.REQUEST;
import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.TOKENS;
import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.USAGE;
import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.WAIT;
import static io.assistantcore.ai.provider.LangChainTextGeneratorStreamingTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

/** Exactly one terminal callback, whatever races: cancel, completion, errors. */
class LangChainTextGeneratorRaceTest {

    @Test
    void cancelRacingARealStreamEndsEveryGenerationExactlyOnce() throws Exception {
        OpenAiWire wire = new OpenAiWire();
        String fullText = String.join("", TOKENS);
        try (FakeProviderServer server = FakeProviderServer.start()) {
            server.otherwise(request -> wire.stream("gpt-4o-mini", TOKENS, USAGE));
            LangChainTextGenerator generator = new LangChainTextGenerator(settings(wire, server));
            int completed = 0;
            int cancelled = 0;
            for (int i = 0; i < 40; i++) {
                int requestsBefore = server.requestCount();
                RecordingListener listener = new RecordingListener();
                GenerationHandle handle = generator.generate(REQUEST, listener);
                Thread.sleep(ThreadLocalRandom.current().nextInt(0, 30));
                handle.cancel();
                assertThat(listener.awaitTerminal(WAIT)).as("attempt " + i + " ended").isTrue();
                handle.cancel(); // a second cancel after the end changes nothing
                Thread.sleep(5);
                assertThat(listener.terminalCount()).as("attempt " + i + " ended once").isEqualTo(1);
                assertThat(listener.contractViolations()).as("attempt " + i + ": nothing after the end").isZero();
                GenerationOutcome outcome = listener.outcome();
                assertThat(outcome.text()).as("attempt " + i + " reports what it streamed")
                        .isEqualTo(listener.text());
                if (outcome.cancelled()) {
                    cancelled++;
                    assertThat(fullText).as("attempt " + i + ": a cancelled text is a prefix").startsWith(outcome.text());
                    RecordedRequest request = outcome.text().isEmpty() ? null : server.requests().get(requestsBefore);
                    if (request != null && !outcome.text().equals(fullText) && !server.responseWritten(request)) {
                        // cut off while the provider was still sending: the connection must not be left open (it
                        // keeps costing). A response the provider had already sent whole may be read to its end
                        // and its connection kept for reuse.
                        assertThat(server.awaitConnectionClosed(request, WAIT))
                                .as("attempt " + i + ": connection closed by the cancel").isPositive();
                    }
                } else {
                    completed++;
                    assertThat(outcome.text()).as("attempt " + i + ": a completed text is whole").isEqualTo(fullText);
                    assertThat(outcome.usage().reportedByProvider()).isTrue();
                }
            }
            System.out.println("cancel vs stream: " + completed + " completed, " + cancelled + " cancelled");
        }
    }

    @Test
    void simultaneousCompletionErrorAndCancelYieldOneTerminalCallback() throws Exception {
        int[] outcomes = new int[3];
        for (int i = 0; i < 300; i++) {
            RacingModel model = new RacingModel();
            LangChainTextGenerator generator = new LangChainTextGenerator(
                    ProviderSettings.of("anthropic", "key", null, null), model);
            RecordingListener listener = new RecordingListener();
            GenerationHandle handle = generator.generate(REQUEST, listener);
            model.started.await();
            Thread canceller = new Thread(() -> {
                model.awaitGo();
                handle.cancel();
            });
            canceller.start();
            model.race();
            canceller.join();

            assertThat(listener.awaitTerminal(WAIT)).isTrue();
            assertThat(listener.terminalCount()).as("iteration " + i).isEqualTo(1);
            assertThat(listener.contractViolations()).isZero();
            if (!listener.completions().isEmpty()) {
                assertThat(listener.completions().get(0).text()).isEqualTo(listener.text());
                outcomes[listener.completions().get(0).cancelled() ? 1 : 0]++;
            } else {
                outcomes[2]++;
                assertThat(listener.errors().get(0).partialText()).isEqualTo(listener.text());
            }
        }
        System.out.println("completion/cancel/error race: " + outcomes[0] + " completed, " + outcomes[1]
                + " cancelled, " + outcomes[2] + " failed");
    }

    @Test
    void cancelBeforeTheFirstTokenWorksWithAModelWithoutTransportAccess() throws Exception {
        AtomicReference<StreamingChatResponseHandler> handlerRef = new AtomicReference<>();
        CyclicBarrier called = new CyclicBarrier(2);
        StreamingChatModel silent = new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                handlerRef.set(handler);
                await(called);
            }
        };
        RecordingListener listener = new RecordingListener();
        GenerationHandle handle = new LangChainTextGenerator(ProviderSettings.of("ollama", null, null, null), silent)
                .generate(REQUEST, listener);
        await(called);

        handle.cancel();

        assertThat(listener.awaitTerminal(WAIT)).isTrue();
        assertThat(listener.outcome().cancelled()).isTrue();
        // the first token arrives late: it is dropped and the stream is cancelled through langchain4j's handle
        AtomicBoolean streamCancelled = new AtomicBoolean();
        handlerRef.get().onPartialResponse(new PartialResponse("late"), new PartialResponseContext(new StreamingHandle() {
            @Override
            public void cancel() {
                streamCancelled.set(true);
            }

            @Override
            public boolean isCancelled() {
                return streamCancelled.get();
            }
        }));
        handlerRef.get().onCompleteResponse(response("late"));
        assertThat(streamCancelled).isTrue();
        assertThat(listener.tokens()).isEmpty();
        assertThat(listener.terminalCount()).isEqualTo(1);
    }

    private static ChatResponse response(String text) {
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(text))
                .tokenUsage(new TokenUsage(10, 2))
                .finishReason(FinishReason.STOP)
                .modelName("scripted")
                .build();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A model whose stream, once released, delivers a token, the completion and an error from three threads at the
     * same moment, while the test cancels from a fourth.
     */
    private static final class RacingModel implements StreamingChatModel {

        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final CyclicBarrier go = new CyclicBarrier(4);
        volatile StreamingChatResponseHandler handler;

        @Override
        public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
            this.handler = handler;
            started.countDown();
        }

        void awaitGo() {
            await(go);
        }

        void race() throws InterruptedException {
            Thread token = new Thread(() -> {
                awaitGo();
                handler.onPartialResponse("partial");
            });
            Thread complete = new Thread(() -> {
                awaitGo();
                handler.onCompleteResponse(response("partial"));
            });
            token.start();
            complete.start();
            awaitGo();
            handler.onError(new IOException("connection reset"));
            token.join();
            complete.join();
        }

        @Override
        public List<dev.langchain4j.model.chat.listener.ChatModelListener> listeners() {
            return List.of();
        }
    }
}
