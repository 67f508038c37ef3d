package io.assistantcore.ai.provider;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import io.assistantcore.ai.generation.ChatPrompt;
import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.generation.ToolRequest;
import io.assistantcore.ai.generation.ToolRound;
import io.assistantcore.ai.generation.ToolSpec;
import io.assistantcore.ai.provider.ProviderErrors.Failure;
import io.assistantcore.messages.assist.TokenUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TextGenerator} backed by a langchain4j {@link StreamingChatModel} (OpenAI, Anthropic, Gemini, Ollama).
 * <p>
 * One generation renders the prompt ({@link PromptTemplates}) — or, for a chat reply, sends the reply's system
 * message and its user and assistant messages as they are — calls
 * {@link StreamingChatModel#chat(ChatRequest, StreamingChatResponseHandler)} and forwards every partial response to
 * {@link GenerationListener#onToken}. It ends with exactly one terminal callback, also when cancel, completion,
 * errors and timeouts race (all listener calls are made under one lock, and a {@code finished} flag decides):
 * <ul>
 *     <li>{@code onComplete(text, usage, model, false)} when the provider finished the stream properly. Usage is
 *     the provider's when it reported input and output tokens ({@code reportedByProvider = true}), else estimated
 *     with {@link TokenEstimator} over the rendered prompt and the output.</li>
 *     <li>{@code onComplete(partial text, estimated usage, model, true)} after {@link GenerationHandle#cancel()}.
 *     Cancelling closes the provider connection at once: before the first token through the {@link StreamTransport}
 *     (pending exchange cancelled or response body closed), after it also through langchain4j's
 *     {@link StreamingHandle#cancel()} from {@link PartialResponseContext}.</li>
 *     <li>{@code onError(GenerationException)} otherwise, with a message naming the provider, the partial text and
 *     whether another provider may try (see {@link ProviderErrors} for the policy).</li>
 * </ul>
 * A stream is only a success when it ended with the provider's completion signal and carried some text; a clean
 * finish without any text is an error that allows fallback, carrying the usage for billing. A stream is only
 * complete when it ended with the provider's completion signal: OpenAI {@code data: [DONE]},
 * Anthropic {@code message_stop}, Gemini a candidate with {@code finishReason}, Ollama {@code done: true}. A stream
 * that breaks (connection lost, unparseable chunk, EOF without that signal) is an error with
 * {@code fallbackAllowed = true} and the partial text, never a completion.
 * <p>
 * Failures before the first token that are transient (HTTP 408/429/5xx/529, connection failures, a stream broken
 * before any output) are retried up to {@link ProviderSettings#maxRetries()} times with exponential backoff
 * starting at {@link ProviderSettings#initialBackoff()}; a {@code Retry-After} up to
 * {@link ProviderSettings#maxRetryAfter()} lengthens the wait, a longer one ends the generation with an error so the
 * next provider can serve it. Nothing is retried once output has started.
 * <p>
 * Thread-safe; create one per provider and share it (each instance built from settings owns a JDK HTTP client
 * with its connection pool).
 */
public final class LangChainTextGenerator implements TextGenerator {

    private static final Logger log = LoggerFactory.getLogger(LangChainTextGenerator.class);

    private static final ScheduledExecutorService SHARED_SCHEDULER = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "provider-scheduler-" + SchedulerThreads.NEXT.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private final ProviderSettings settings;
    private final StreamingChatModel model;
    private final PromptTemplates templates;
    private final ScheduledExecutorService scheduler;

    /** A generator with the model {@link StreamingModelFactory} builds for the settings. */
    public LangChainTextGenerator(ProviderSettings settings) {
        this(settings, new StreamingModelFactory().create(settings));
    }

    /**
     * A generator around a given model. Models not built by {@link StreamingModelFactory} can only be cancelled
     * through langchain4j's {@link StreamingHandle}, i.e. once the first token arrived.
     */
    public LangChainTextGenerator(ProviderSettings settings, StreamingChatModel model) {
        this(settings, model, new PromptTemplates(), SHARED_SCHEDULER);
    }

    /**
     * @param scheduler starts attempts and runs backoff waits and timeouts; tasks are short and never block
     */
    public LangChainTextGenerator(ProviderSettings settings, StreamingChatModel model, PromptTemplates templates,
                                  ScheduledExecutorService scheduler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.model = Objects.requireNonNull(model, "model");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public String providerId() {
        return settings.id();
    }

    @Override
    public String defaultModel() {
        return settings.model();
    }

    public ProviderSettings settings() {
        return settings;
    }

    @Override
    public GenerationHandle generate(GenerationRequest request, GenerationListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        Generation generation = new Generation(request, listener);
        generation.start();
        return generation;
    }

    private final class Generation implements GenerationHandle {

        private final GenerationListener listener;
        private final String modelName;
        private final Object lock = new Object();
        private final StringBuilder text = new StringBuilder();
        private final long deadlineNanos;
        /** Counted only when the provider reports no usage (counting a long prompt is not free). */
        private java.util.function.LongSupplier promptTokens = () -> 0;
        private IllegalArgumentException invalidRequest;
        private ChatRequest chatRequest;

        // guarded by lock
        private boolean finished;
        private boolean outputStarted;
        private int retriesUsed;
        private ScheduledFuture<?> pendingAttempt;
        private ScheduledFuture<?> totalTimer;

        private volatile boolean cancelRequested;
        private volatile Attempt current;

        Generation(GenerationRequest request, GenerationListener listener) {
            this.listener = listener;
            this.modelName = request.model() == null || request.model().isBlank() ? settings.model() : request.model();
            this.deadlineNanos = System.nanoTime() + settings.totalTimeout().toNanos();
            try {
                List<ChatMessage> messages;
                if (request.isChat()) {
                    messages = chatMessages(request.chat());
                    ChatPrompt chat = request.chat();
                    this.promptTokens = () -> TokenEstimator.countPrompt(chat);
                } else {
                    RenderedPrompt prompt = templates.render(request);
                    messages = List.of(SystemMessage.from(prompt.systemMessage()),
                            UserMessage.from(prompt.userMessage()));
                    this.promptTokens = () -> TokenEstimator.count(prompt.systemMessage())
                            + TokenEstimator.count(prompt.userMessage());
                }
                ChatRequest.Builder builder = ChatRequest.builder().messages(messages).modelName(modelName);
                if (request.isChat() && !request.chat().tools().isEmpty()) {
                    builder.toolSpecifications(toolSpecifications(request.chat().tools()));
                }
                this.chatRequest = builder.build();
            } catch (IllegalArgumentException e) {
                this.invalidRequest = e;
            }
        }

        void start() {
            synchronized (lock) {
                if (invalidRequest != null) {
                    // reported asynchronously like every other outcome; no provider can serve this request
                    pendingAttempt = scheduler.schedule(() -> fail(new GenerationException(
                            "The request cannot be sent to " + settings.id() + ": " + invalidRequest.getMessage(),
                            false, "", invalidRequest)), 0, TimeUnit.MILLISECONDS);
                    return;
                }
                totalTimer = scheduler.schedule(this::totalTimeout, settings.totalTimeout().toNanos(),
                        TimeUnit.NANOSECONDS);
                pendingAttempt = scheduler.schedule(this::runAttempt, 0, TimeUnit.MILLISECONDS);
            }
        }

        private void runAttempt() {
            Attempt attempt = new Attempt(this);
            current = attempt;
            if (cancelRequested) {
                return; // cancel() either saw this attempt (and aborted it) or reports the outcome itself
            }
            synchronized (lock) {
                if (finished) {
                    return;
                }
            }
            attempt.startFirstTokenTimer();
            try (StreamTransport.Scope ignored = attempt.transport.bind()) {
                model.chat(chatRequest, attempt);
            } catch (RuntimeException e) {
                attempt.onError(e);
            }
        }

        @Override
        public void cancel() {
            cancelRequested = true;
            Attempt attempt = current;
            if (attempt != null) {
                attempt.abort();
            }
            synchronized (lock) {
                if (finished) {
                    return;
                }
                finished = true;
                stopTimers();
                String partial = text.toString();
                deliver(() -> listener.onComplete(
                        new GenerationOutcome(partial, estimatedUsage(partial), modelName, true)));
            }
        }

        /** Returns false when the token must not be delivered (finished, cancelled, or a stale attempt). */
        boolean deliverToken(Attempt attempt, String token) {
            synchronized (lock) {
                if (finished || cancelRequested || attempt != current || attempt.over.get()) {
                    return false;
                }
                if (token == null || token.isEmpty()) {
                    return true;
                }
                outputStarted = true;
                attempt.outputArrived();
                text.append(token);
                deliver(() -> listener.onToken(token));
                return true;
            }
        }

        void completed(Attempt attempt, ChatResponse response) {
            String problem = integrityProblem(attempt, response);
            if (problem != null) {
                failed(attempt, new ProviderErrors.TruncatedStreamException(problem));
                return;
            }
            synchronized (lock) {
                if (finished || cancelRequested) {
                    return;
                }
                if (response.finishReason() == FinishReason.CONTENT_FILTER) {
                    // the provider refused the content; by the fallback policy another provider may not try
                    finishWithError(new GenerationException(settings.id() + " withheld the answer (content filter)",
                            false, text.toString(), null));
                    return;
                }
                String full = text.toString();
                TokenUsage usage = usageOf(response, full);
                List<ToolRequest> toolRequests = toolRequests(response);
                if (!toolRequests.isEmpty()) {
                    finished = true;
                    stopTimers();
                    String answeredBy = response.modelName() == null || response.modelName().isBlank()
                            ? modelName : response.modelName();
                    deliver(() -> listener.onComplete(new GenerationOutcome(full, usage, answeredBy, false,
                            toolRequests)));
                    return;
                }
                if (full.isBlank()) {
                    // A clean finish with nothing in it is no answer: the next provider may try, and what the
                    // provider reports for it is still billed (once, with this attempt).
                    finishWithError(new GenerationException(settings.id() + " returned an empty answer", true, full,
                            usage, null));
                    return;
                }
                finished = true;
                stopTimers();
                String answeredBy = response.modelName() == null || response.modelName().isBlank()
                        ? modelName : response.modelName();
                deliver(() -> listener.onComplete(new GenerationOutcome(full, usage, answeredBy, false)));
            }
        }

        void failed(Attempt attempt, Throwable error) {
            synchronized (lock) {
                if (finished || cancelRequested || attempt != current) {
                    return;
                }
                Failure failure = ProviderErrors.classify(settings.id(), modelName, error, attempt.transport,
                        outputStarted, settings.firstTokenTimeout());
                if (!outputStarted && failure.retryable()) {
                    if (retriesUsed < settings.maxRetries()) {
                        Duration wait = backoff(retriesUsed);
                        Duration retryAfter = failure.retryAfter();
                        if (retryAfter != null && retryAfter.compareTo(settings.maxRetryAfter()) > 0) {
                            finishWithError(failure.withMessage(failure.message() + "; it asks to retry after "
                                    + ProviderErrors.seconds(retryAfter)), attempt);
                            return;
                        }
                        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
                            wait = retryAfter;
                        }
                        if (System.nanoTime() + wait.toNanos() < deadlineNanos) {
                            retriesUsed++;
                            log.debug("{} attempt {} failed ({}); retrying in {} ms", settings.id(), retriesUsed,
                                    failure.message(), wait.toMillis());
                            pendingAttempt = scheduler.schedule(this::runAttempt, wait.toNanos(),
                                    TimeUnit.NANOSECONDS);
                            return;
                        }
                    }
                    if (retriesUsed > 0) {
                        failure = failure.withMessage(failure.message() + " (" + (retriesUsed + 1) + " attempts)");
                    }
                }
                finishWithError(failure, attempt);
            }
        }

        private void finishWithError(Failure failure, Attempt attempt) {
            log.debug("{} generation failed: {}", settings.id(), failure.message(), failure.cause());
            finishWithError(new GenerationException(failure.message(), failure.fallbackAllowed(), text.toString(),
                    failure.cause()));
        }

        /** Caller holds the lock. */
        private void finishWithError(GenerationException error) {
            finished = true;
            stopTimers();
            deliver(() -> listener.onError(error));
        }

        private void fail(GenerationException error) {
            synchronized (lock) {
                if (finished) {
                    return;
                }
                finishWithError(error);
            }
        }

        private void totalTimeout() {
            Attempt attempt = current;
            synchronized (lock) {
                if (finished || cancelRequested) {
                    return;
                }
                if (attempt != null) {
                    attempt.abort();
                }
                finishWithError(new GenerationException(settings.id() + " did not finish within "
                        + ProviderErrors.seconds(settings.totalTimeout()), true, text.toString(),
                        new java.util.concurrent.TimeoutException("total timeout")));
            }
        }

        /** Caller holds the lock. */
        private void stopTimers() {
            if (pendingAttempt != null) {
                pendingAttempt.cancel(false);
            }
            if (totalTimer != null) {
                totalTimer.cancel(false);
            }
            Attempt attempt = current;
            if (attempt != null) {
                attempt.stopFirstTokenTimer();
            }
        }

        private Duration backoff(int retry) {
            long factor = 1L << Math.min(retry, 10);
            return settings.initialBackoff().multipliedBy(factor);
        }

        /** Null when the stream ended properly, else what is missing. */
        private String integrityProblem(Attempt attempt, ChatResponse response) {
            return switch (settings.id()) {
                // the OpenAI module completes on EOF, with or without the terminator
                case ProviderSettings.OPENAI -> attempt.transport.used()
                        ? (attempt.transport.doneMarkerSeen() ? null : "the stream ended without data: [DONE]")
                        : (response.finishReason() != null ? null : "the stream ended without a finish_reason");
                // the Gemini module completes on EOF; a finished candidate carries finishReason
                case ProviderSettings.GEMINI -> response.finishReason() != null
                        ? null : "the stream ended without a finishReason";
                // Anthropic completes only on message_stop, Ollama only on done:true; EOF before that is caught by
                // the transport (streamEnded)
                default -> null;
            };
        }

        private TokenUsage usageOf(ChatResponse response, String output) {
            dev.langchain4j.model.output.TokenUsage reported = response.tokenUsage();
            Integer input = reported == null ? null : reported.inputTokenCount();
            Integer outputTokens = reported == null ? null : reported.outputTokenCount();
            if (input != null && outputTokens != null && input + outputTokens > 0) {
                return new TokenUsage(input, outputTokens, true);
            }
            return estimatedUsage(output);
        }

        private TokenUsage estimatedUsage(String output) {
            return new TokenUsage(promptTokens.getAsLong(), TokenEstimator.count(output), false);
        }

        private void deliver(Runnable callback) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                log.warn("A generation listener failed", e);
            }
        }
    }

    /** A chat prompt as langchain4j messages: the system message, then the turns and the new message in order. */
    static List<ChatMessage> chatMessages(ChatPrompt prompt) {
        List<ChatMessage> messages = new ArrayList<>();
        if (prompt.systemMessage() != null && !prompt.systemMessage().isBlank()) {
            messages.add(SystemMessage.from(prompt.systemMessage()));
        }
        for (ChatPrompt.Message message : prompt.messages()) {
            messages.add(message.role() == ChatPrompt.Role.USER ? UserMessage.from(message.text())
                    : AiMessage.from(message.text()));
        }
        for (ToolRound round : prompt.toolRounds()) {
            List<ToolExecutionRequest> requests = round.exchanges().stream()
                    .map(exchange -> ToolExecutionRequest.builder().id(exchange.request().id())
                            .name(exchange.request().name()).arguments(exchange.request().arguments()).build())
                    .toList();
            messages.add(round.assistantText() == null || round.assistantText().isBlank()
                    ? AiMessage.from(requests) : AiMessage.from(round.assistantText(), requests));
            for (int i = 0; i < requests.size(); i++) {
                messages.add(ToolExecutionResultMessage.from(requests.get(i), round.exchanges().get(i).result()));
            }
        }
        return messages;
    }

    /** The tools of a chat prompt as langchain4j tool specifications (their schemas as langchain4j JSON schemas). */
    static List<ToolSpecification> toolSpecifications(List<ToolSpec> tools) {
        List<ToolSpecification> specifications = new ArrayList<>();
        for (ToolSpec tool : tools) {
            Map<String, Object> schema = ToolJson.map(tool.parameters());
            specifications.add(ToolSpecification.builder().name(tool.name()).description(tool.description())
                    .parameters((JsonObjectSchema) JsonSchemaElementJsonUtils.fromMap(schema)).build());
        }
        return specifications;
    }

    private static List<ToolRequest> toolRequests(ChatResponse response) {
        AiMessage message = response.aiMessage();
        if (message == null || !message.hasToolExecutionRequests()) {
            return List.of();
        }
        return message.toolExecutionRequests().stream()
                .map(request -> new ToolRequest(request.id(), request.name(), request.arguments())).toList();
    }

    /** One request to the provider; a retry is a new attempt. */
    private final class Attempt implements StreamingChatResponseHandler, StreamTransport.Observer {

        private final Generation generation;
        final StreamTransport transport = new StreamTransport(this);
        final AtomicBoolean over = new AtomicBoolean();
        private volatile StreamingHandle streamingHandle;
        private volatile boolean outputArrived;
        private volatile ScheduledFuture<?> firstTokenTimer;

        Attempt(Generation generation) {
            this.generation = generation;
        }

        void startFirstTokenTimer() {
            firstTokenTimer = scheduler.schedule(this::firstTokenTimeout, settings.firstTokenTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        }

        void stopFirstTokenTimer() {
            ScheduledFuture<?> timer = firstTokenTimer;
            if (timer != null) {
                timer.cancel(false);
            }
        }

        void outputArrived() {
            outputArrived = true;
            stopFirstTokenTimer();
        }

        /** Closes the connection: transport (works before the first token) and langchain4j's streaming handle. */
        void abort() {
            over.set(true);
            stopFirstTokenTimer();
            transport.abort();
            StreamingHandle handle = streamingHandle;
            if (handle != null) {
                handle.cancel();
            }
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            if (context != null) {
                streamingHandle = context.streamingHandle();
            }
            if (!generation.deliverToken(this, partialResponse.text())) {
                abort();
            }
        }

        @Override
        public void onPartialResponse(String partialResponse) {
            if (!generation.deliverToken(this, partialResponse)) {
                abort();
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            if (over.compareAndSet(false, true)) {
                stopFirstTokenTimer();
                generation.completed(this, completeResponse);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (over.compareAndSet(false, true)) {
                abort();
                generation.failed(this, error);
            }
        }

        @Override
        public void streamEnded() {
            if (over.compareAndSet(false, true)) {
                generation.failed(this, new ProviderErrors.TruncatedStreamException(
                        "the stream ended without the provider's completion event"));
            }
        }

        private void firstTokenTimeout() {
            if (!outputArrived && over.compareAndSet(false, true)) {
                abort();
                generation.failed(this, new ProviderErrors.FirstTokenTimeoutException(settings.firstTokenTimeout()));
            }
        }
    }

    private static final class SchedulerThreads {
        static final AtomicInteger NEXT = new AtomicInteger();
    }
}
