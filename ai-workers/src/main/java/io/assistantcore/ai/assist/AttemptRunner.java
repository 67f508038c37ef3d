package io.assistantcore.ai.assist;

import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.privacy.PiiMasker;
import io.assistantcore.ai.privacy.StreamingRestorer;
import io.assistantcore.messages.assist.AssistCommands.CompleteSuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailOverSuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RecordCancelledOutput;
import io.assistantcore.messages.assist.AssistCommands.StartSuggestionStream;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.CommandRejectedException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs one attempt: picks the provider, masks personal data, streams the provider's tokens as coalesced chunk
 * events, and ends the attempt with exactly one command — complete, fail, fail over to the next provider, or record
 * what a cancelled attempt produced. Talks to the rest of the platform only through the gateways.
 */
public class AttemptRunner {

    private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

    private final ProviderChain providers;
    private final CommandGateway commands;
    private final EventGateway events;
    private final RunningAttempts running;
    private final PiiMasker masker = new PiiMasker();
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final int chunkMaxChars;
    private final Duration chunkMaxDelay;

    public AttemptRunner(ProviderChain providers, CommandGateway commands, EventGateway events, RunningAttempts running,
                         Executor executor, ScheduledExecutorService timer, int chunkMaxChars, Duration chunkMaxDelay) {
        this.providers = providers;
        this.commands = commands;
        this.events = events;
        this.running = running;
        this.executor = executor;
        this.timer = timer;
        this.chunkMaxChars = chunkMaxChars;
        this.chunkMaxDelay = chunkMaxDelay;
    }

    /** Starts the attempt on the worker executor and returns at once. */
    public void start(AttemptJob job) {
        running.begin(job.suggestionId(), job.attempt());
        try {
            executor.execute(() -> run(job));
        } catch (RuntimeException rejected) {
            running.end(job.suggestionId(), job.attempt());
            throw rejected;
        }
    }

    private void run(AttemptJob job) {
        try {
            List<TextGenerator> candidates = providers.candidates(job.spec().allowedModels(), job.startProvider());
            if (candidates.isEmpty()) {
                fail(job, "No configured AI provider is allowed by your organisation's AI policy (allowed: "
                        + job.spec().allowedModels() + "; configured: " + providers.providerIds() + ")", "", null, null);
                return;
            }
            TextGenerator generator = candidates.get(0);
            String next = candidates.size() > 1 ? candidates.get(1).providerId() : null;
            if (!send(job, new StartSuggestionStream(job.sessionId(), job.suggestionId(), job.attempt(),
                    generator.providerId(), generator.defaultModel()))) {
                running.end(job.suggestionId(), job.attempt());
                return;
            }
            stream(job, generator, next);
        } catch (RuntimeException e) {
            log.error("Attempt {} of suggestion {} failed unexpectedly", job.attempt(), job.suggestionId(), e);
            fail(job, "The AI worker failed unexpectedly; regenerate to try again", "", null, null);
        }
    }

    private void stream(AttemptJob job, TextGenerator generator, String nextProvider) {
        GenerationSpec spec = job.spec();
        // The offline engine runs here: nothing leaves the platform, so nothing needs masking.
        boolean mask = spec.maskPii() && !"local".equals(generator.providerId());
        PiiMasker.Masked masked = masker.newRequest();
        String text = mask ? masker.mask(spec.inputText(), masked) : spec.inputText();
        List<ContextItem> context = spec.context().stream()
                .map(item -> mask ? new ContextItem(item.kind(), item.label(), masker.mask(item.text(), masked)) : item)
                .toList();
        String instruction = mask && spec.instruction() != null ? masker.mask(spec.instruction(), masked)
                : spec.instruction();
        GenerationRequest request = new GenerationRequest(spec.action(), spec.tone(), instruction, text, context,
                spec.promptVersion(), null);

        StreamingRestorer restorer = new StreamingRestorer(masked);
        StringBuilder shown = new StringBuilder();
        ChunkCoalescer coalescer = new ChunkCoalescer(chunkMaxChars, chunkMaxDelay, timer, (seq, chunk) ->
                events.publish(GenericEventMessage.asEventMessage(new SuggestionTokensStreamed(job.sessionId(),
                        job.tenantId(), job.suggestionId(), job.attempt(), seq, chunk)).andMetaData(job.metaData())));
        long started = System.nanoTime();

        GenerationHandle handle = generator.generate(request, new GenerationListener() {
            @Override
            public void onToken(String token) {
                String visible = restorer.accept(token);
                shown.append(visible);
                coalescer.add(visible);
            }

            @Override
            public void onComplete(GenerationOutcome outcome) {
                try {
                    String tail = restorer.flush();
                    shown.append(tail);
                    coalescer.add(tail);
                    int chunks = coalescer.close();
                    long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    if (outcome.cancelled()) {
                        send(job, new RecordCancelledOutput(job.sessionId(), job.suggestionId(), job.attempt(),
                                shown.toString(), outcome.usage(), generator.providerId(), outcome.model()));
                    } else {
                        send(job, new CompleteSuggestion(job.sessionId(), job.suggestionId(), job.attempt(),
                                shown.toString(), outcome.usage(), generator.providerId(), outcome.model(), latency,
                                chunks));
                    }
                } finally {
                    running.end(job.suggestionId(), job.attempt());
                }
            }

            @Override
            public void onError(GenerationException failure) {
                try {
                    shown.append(restorer.flush());
                    coalescer.close();
                    TokenUsage usage = new TokenUsage(TokenEstimator.count(text), TokenEstimator.count(shown.toString()),
                            false);
                    if (failure.fallbackAllowed() && nextProvider != null && !running.isCancelled(job.suggestionId(),
                            job.attempt())) {
                        send(job, new FailOverSuggestion(job.sessionId(), job.suggestionId(), job.attempt(),
                                generator.providerId(), failure.getMessage(), shown.toString(), usage, nextProvider));
                    } else {
                        fail(job, failure.getMessage(), shown.toString(), usage, generator.providerId());
                    }
                } finally {
                    running.end(job.suggestionId(), job.attempt());
                }
            }
        });
        running.attach(job.suggestionId(), job.attempt(), handle);
    }

    private void fail(AttemptJob job, String reason, String partialText, TokenUsage usage, String provider) {
        try {
            send(job, new FailSuggestion(job.sessionId(), job.suggestionId(), job.attempt(), reason, partialText,
                    usage, provider));
        } finally {
            running.end(job.suggestionId(), job.attempt());
        }
    }

    /** Sends a command with the job's correlation data; a stale or finished attempt is not an error here. */
    private boolean send(AttemptJob job, Object command) {
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(job.metaData()));
            return true;
        } catch (CommandRejectedException rejected) {
            log.debug("Attempt {} of suggestion {}: {} refused: {}", job.attempt(), job.suggestionId(),
                    command.getClass().getSimpleName(), rejected.getMessage());
            return false;
        }
    }
}
