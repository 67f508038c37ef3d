package io.assistantcore.ai.assist;

import io.assistantcore.ai.billing.CostEstimator;
import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.cache.ResponseCache;
import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.ai.generation.TokenEstimator;
import io.assistantcore.ai.offline.OfflineTextGenerator;
import io.assistantcore.ai.privacy.PiiMasker;
import io.assistantcore.ai.provider.PromptTemplates;
import io.assistantcore.messages.assist.AssistCommands.CompleteSuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailOverSuggestion;
import io.assistantcore.messages.assist.AssistCommands.FailSuggestion;
import io.assistantcore.messages.assist.AssistCommands.RecordCancelledOutput;
import io.assistantcore.messages.assist.AssistCommands.StartSuggestionStream;
import io.assistantcore.messages.assist.AssistEvents.SuggestionTokensStreamed;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.GenerationSpec;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.Money;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs one attempt: picks the provider, answers from the response cache when the tenant allows it, else masks
 * personal data and streams the provider's tokens as coalesced chunk events, and ends the attempt with exactly one
 * command — complete, fail, fail over to the next provider, or record what a cancelled attempt produced — carrying the
 * usage priced with the price list. Talks to the rest of the platform only through the gateways.
 */
public class AttemptRunner {

    private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

    private final ProviderChain providers;
    private final AttemptMessages messages;
    private final RunningAttempts running;
    private final PiiMasker masker = new PiiMasker();
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final int chunkMaxChars;
    private final Duration chunkMaxDelay;
    private final PriceBook prices;
    private final ResponseCache cache;
    private final String nodeId;
    private final PromptTemplates templates = new PromptTemplates();

    /** @param cache the response cache, or null to call a model every time */
    public AttemptRunner(ProviderChain providers, CommandGateway commands, EventGateway events, RunningAttempts running,
                         Executor executor, ScheduledExecutorService timer, int chunkMaxChars, Duration chunkMaxDelay,
                         PriceBook prices, ResponseCache cache) {
        this(providers, commands, events, running, executor, timer, chunkMaxChars, chunkMaxDelay, prices, cache, null);
    }

    /**
     * @param nodeId this node's id (see {@code NodeLeases}), recorded with every stream it starts so that other nodes
     *               can take the attempt over when this node is gone; null records none
     */
    public AttemptRunner(ProviderChain providers, CommandGateway commands, EventGateway events, RunningAttempts running,
                         Executor executor, ScheduledExecutorService timer, int chunkMaxChars, Duration chunkMaxDelay,
                         PriceBook prices, ResponseCache cache, String nodeId) {
        this.nodeId = nodeId;
        this.prices = prices;
        this.cache = cache;
        this.providers = providers;
        this.messages = new AttemptMessages(commands, events, running);
        this.running = running;
        this.executor = executor;
        this.timer = timer;
        this.chunkMaxChars = chunkMaxChars;
        this.chunkMaxDelay = chunkMaxDelay;
    }

    /** Starts the attempt on the worker executor and returns at once. */
    public void start(AttemptJob job) {
        running.run(job.suggestionId(), job.attempt(), AttemptObservability.SUGGESTION, job.metaData(), executor,
                () -> run(job));
    }

    private void run(AttemptJob job) {
        try {
            List<TextGenerator> candidates = providers.candidates(job.spec().allowedModels(), job.startProvider());
            if (candidates.isEmpty()) {
                fail(job, "No configured AI provider is allowed by your organisation's AI policy (allowed: "
                        + job.spec().allowedModels() + "; configured: " + providers.providerIds() + ")", "", null, null, null,
                        null);
                return;
            }
            TextGenerator generator = candidates.get(0);
            String next = candidates.size() > 1 ? candidates.get(1).providerId() : null;
            ResponseCache.Lookup lookup = cacheLookup(job, generator);
            Optional<ResponseCache.Hit> hit = lookup == null ? Optional.empty() : findInCache(job, lookup);
            if (hit.isPresent()) {
                answerFromCache(job, hit.get());
                return;
            }
            if (!send(job, new StartSuggestionStream(job.sessionId(), job.suggestionId(), job.attempt(),
                    generator.providerId(), generator.defaultModel(), nodeId, promptTokens(job)))) {
                running.end(job.suggestionId(), job.attempt());
                return;
            }
            stream(job, generator, next, lookup);
        } catch (RuntimeException e) {
            log.error("Attempt {} of suggestion {} failed unexpectedly", job.attempt(), job.suggestionId(), e);
            fail(job, "The AI worker failed unexpectedly; regenerate to try again", "", null, null, null, null);
        }
    }

    /** The prompt's tokens, for the estimate of what this attempt consumed should its worker vanish. */
    private long promptTokens(AttemptJob job) {
        GenerationSpec spec = job.spec();
        return CostEstimator.promptTokens(templates, new GenerationRequest(spec.action(), spec.tone(),
                spec.instruction(), spec.inputText(), spec.context(), spec.promptVersion(), null));
    }

    /** The cache key of a first attempt whose tenant allows caching; null when the cache must not answer. */
    private ResponseCache.Lookup cacheLookup(AttemptJob job, TextGenerator generator) {
        GenerationSpec spec = job.spec();
        if (cache == null || !job.cacheable() || !(spec.exactCache() || spec.semanticCache())) {
            return null;
        }
        return new ResponseCache.Lookup(job.tenantId(), generator.providerId(), generator.defaultModel(),
                new GenerationRequest(spec.action(), spec.tone(), spec.instruction(), spec.inputText(), spec.context(),
                        spec.promptVersion(), null), spec.maskPii(), generator.maxOutputTokens());
    }

    /** A cache that cannot be read is a miss, not a failed request. */
    private Optional<ResponseCache.Hit> findInCache(AttemptJob job, ResponseCache.Lookup lookup) {
        try {
            Optional<ResponseCache.Hit> hit = job.spec().exactCache() ? cache.findExact(lookup) : Optional.empty();
            if (hit.isEmpty() && job.spec().semanticCache() && job.singleTurn()) {
                hit = cache.findSimilar(lookup);
            }
            return hit;
        } catch (RuntimeException e) {
            log.warn("Response cache lookup for suggestion {} failed, calling the model: {}", job.suggestionId(),
                    e.toString());
            return Optional.empty();
        }
    }

    /**
     * Streams a cached response like a model would (so clients need no special case) and completes the attempt at
     * zero cost, naming the generation the text came from and what that generation cost.
     */
    private void answerFromCache(AttemptJob job, ResponseCache.Hit hit) {
        try {
            if (!send(job, new StartSuggestionStream(job.sessionId(), job.suggestionId(), job.attempt(),
                    hit.provider(), hit.model()))) {
                return;
            }
            long started = System.nanoTime();
            int chunks = coalescer(job).streamText(hit.text());
            Money saved = prices.cost(hit.provider(), hit.model(), null, hit.usage()).orElse(null);
            Money zero = Money.zero(saved == null ? PriceBook.DEFAULT_CURRENCY : saved.currency());
            log.debug("Suggestion {} answered from the cache ({} hit on {}, similarity {})", job.suggestionId(),
                    hit.exact() ? "exact" : "semantic", hit.sourceGeneration(), hit.similarity());
            send(job, new CompleteSuggestion(job.sessionId(), job.suggestionId(), job.attempt(), hit.text(),
                    TokenUsage.NONE, hit.provider(), hit.model(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
                    chunks, zero, hit.sourceGeneration(), saved));
        } finally {
            running.end(job.suggestionId(), job.attempt());
        }
    }

    private Money price(TextGenerator generator, String model, TokenUsage usage) {
        return prices.callCost(generator.providerId(), generator.defaultModel(), model, usage);
    }

    private ChunkCoalescer coalescer(AttemptJob job) {
        return new ChunkCoalescer(chunkMaxChars, chunkMaxDelay, timer, (seq, chunk) -> messages.publish(
                new SuggestionTokensStreamed(job.sessionId(), job.tenantId(), job.suggestionId(), job.attempt(), seq,
                        chunk), job.metaData()));
    }

    private void stream(AttemptJob job, TextGenerator generator, String nextProvider, ResponseCache.Lookup lookup) {
        GenerationSpec spec = job.spec();
        // The offline engine runs here: nothing leaves the platform, so nothing needs masking.
        boolean mask = spec.maskPii() && !OfflineTextGenerator.PROVIDER_ID.equals(generator.providerId());
        PiiMasker.Masked masked = masker.newRequest();
        String text = mask ? masker.mask(spec.inputText(), masked) : spec.inputText();
        List<ContextItem> context = spec.context().stream()
                .map(item -> mask ? new ContextItem(item.kind(), item.label(), masker.mask(item.text(), masked)) : item)
                .toList();
        String instruction = mask && spec.instruction() != null ? masker.mask(spec.instruction(), masked)
                : spec.instruction();
        GenerationRequest request = new GenerationRequest(spec.action(), spec.tone(), instruction, text, context,
                spec.promptVersion(), null);

        AttemptStream.Ending ending = new AttemptStream.Ending() {
            @Override
            public void completed(String shown, GenerationOutcome outcome, int chunks, long latency) {
                if (send(job, new CompleteSuggestion(job.sessionId(), job.suggestionId(), job.attempt(), shown,
                        outcome.usage(), generator.providerId(), outcome.model(), latency, chunks,
                        price(generator, outcome.model(), outcome.usage()), null, null)) && lookup != null) {
                    remember(job, lookup, shown, generator, outcome);
                }
            }

            @Override
            public void cancelled(String shown, GenerationOutcome outcome) {
                send(job, new RecordCancelledOutput(job.sessionId(), job.suggestionId(), job.attempt(), shown,
                        outcome.usage(), generator.providerId(), outcome.model(),
                        price(generator, outcome.model(), outcome.usage())));
            }

            @Override
            public void failed(GenerationException failure, String shown, TokenUsage usage) {
                Money cost = price(generator, null, usage);
                if (failure.fallbackAllowed() && nextProvider != null && !running.isCancelled(job.suggestionId(),
                        job.attempt())) {
                    send(job, new FailOverSuggestion(job.sessionId(), job.suggestionId(), job.attempt(),
                            generator.providerId(), failure.getMessage(), shown, usage, nextProvider,
                            generator.defaultModel(), cost));
                } else {
                    fail(job, failure.getMessage(), shown, usage, generator.providerId(), generator.defaultModel(),
                            cost);
                }
            }
        };
        GenerationHandle handle = generator.generate(request, new AttemptStream(masked, coalescer(job),
                TokenEstimator.count(text), ending, () -> running.end(job.suggestionId(), job.attempt())));
        running.attach(job.suggestionId(), job.attempt(), handle);
    }

    /** Keeps a completed response for later hits; a cache that cannot be written only costs the saving. */
    private void remember(AttemptJob job, ResponseCache.Lookup lookup, String text, TextGenerator generator,
                          GenerationOutcome outcome) {
        try {
            cache.store(lookup, text, generator.providerId(), outcome.model() == null ? generator.defaultModel()
                    : outcome.model(), outcome.usage(), job.suggestionId() + "#" + job.attempt(),
                    job.spec().semanticCache() && job.singleTurn());
        } catch (RuntimeException e) {
            log.warn("Keeping the response of suggestion {} in the cache failed: {}", job.suggestionId(), e.toString());
        }
    }

    private void fail(AttemptJob job, String reason, String partialText, TokenUsage usage, String provider,
                      String model, Money cost) {
        try {
            send(job, new FailSuggestion(job.sessionId(), job.suggestionId(), job.attempt(), reason, partialText,
                    usage, provider, model, cost));
        } finally {
            running.end(job.suggestionId(), job.attempt());
        }
    }

    /**
     * Sends a command with the job's correlation data; a stale or finished attempt is not an error here. An ending
     * refused because the user cancelled the attempt (the stream had started, so the session waits for the output)
     * is followed by the cancelled output, billed with what the ending reported — a cache hit's zero, a completed
     * call's cost — which closes the reservation.
     */
    private boolean send(AttemptJob job, Object command) {
        AttemptMessages.Sent sent = messages.sendFor(command, job.metaData(), job.suggestionId(), job.attempt());
        if (sent == AttemptMessages.Sent.CANCELLED) {
            RecordCancelledOutput output = cancelledOutput(job, command);
            if (output != null) {
                messages.send(output, job.metaData(), job.suggestionId(), job.attempt());
            }
        }
        return sent == AttemptMessages.Sent.HANDLED;
    }

    private static RecordCancelledOutput cancelledOutput(AttemptJob job, Object refused) {
        if (refused instanceof CompleteSuggestion c) {
            return new RecordCancelledOutput(job.sessionId(), job.suggestionId(), job.attempt(), c.text(),
                    c.cachedFrom() != null ? TokenUsage.NONE : c.usage(), c.provider(), c.model(), c.cost());
        }
        if (refused instanceof FailSuggestion f) {
            return new RecordCancelledOutput(job.sessionId(), job.suggestionId(), job.attempt(), f.partialText(),
                    f.usage(), f.provider(), f.model(), f.cost());
        }
        if (refused instanceof FailOverSuggestion f) {
            return new RecordCancelledOutput(job.sessionId(), job.suggestionId(), job.attempt(), f.partialText(),
                    f.usage(), f.failedProvider(), f.failedModel(), f.cost());
        }
        return null; // refused before its stream started: the session closed the reservation at the cancellation
    }
}
