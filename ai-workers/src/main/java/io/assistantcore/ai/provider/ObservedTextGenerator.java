package io.assistantcore.ai.provider;

import io.assistantcore.ai.billing.PriceBook;
import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationHandle;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.messages.assist.TokenUsage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * A provider whose every call is observed: one observation per call (a span named after the OpenTelemetry GenAI
 * conventions, {@code chat <model>}, with the {@code gen_ai.*} attributes, when tracing is on; a timer
 * {@code assistant.ai.provider.call} always), the time to the first token, the tokens and the priced cost by provider
 * and model, and failures by kind ({@link ProviderMeters}). Prompts and answers are never recorded.
 * <p>
 * The call's observation is a child of the observation current on the thread that starts it (the worker's attempt).
 * Per token it costs one volatile read.
 */
public final class ObservedTextGenerator implements TextGenerator {

    /** The observation (and timer) of one provider call. */
    public static final String OBSERVATION = "assistant.ai.provider.call";

    private final TextGenerator delegate;
    private final ObservationRegistry observations;
    private final ProviderMeters meters;
    private final PriceBook prices;
    private final String system;

    /** @param prices prices the call's usage for the cost counter; null counts no cost */
    public ObservedTextGenerator(TextGenerator delegate, ObservationRegistry observations, ProviderMeters meters,
                                 PriceBook prices) {
        this.delegate = delegate;
        this.observations = observations;
        this.meters = meters;
        this.prices = prices;
        this.system = genAiSystem(delegate.providerId());
    }

    /** The {@code gen_ai.system} value of a provider id (OpenTelemetry's names where it has one). */
    static String genAiSystem(String providerId) {
        return switch (providerId) {
            case "gemini" -> "gcp.gemini";
            case "local" -> "assistant_core.offline";
            default -> providerId;
        };
    }

    @Override
    public String providerId() {
        return delegate.providerId();
    }

    @Override
    public String defaultModel() {
        return delegate.defaultModel();
    }

    @Override
    public int maxOutputTokens() {
        return delegate.maxOutputTokens();
    }

    @Override
    public GenerationHandle generate(GenerationRequest request, GenerationListener listener) {
        String model = request.model() == null ? delegate.defaultModel() : request.model();
        ProviderMeters.ModelMeters modelMeters = meters.of(delegate.providerId(), model);
        Observation call = Observation.createNotStarted(OBSERVATION, observations)
                .contextualName("chat " + model)
                .lowCardinalityKeyValue("gen_ai.system", system)
                .lowCardinalityKeyValue("gen_ai.operation.name", "chat")
                .lowCardinalityKeyValue("gen_ai.request.model", model)
                .start();
        ObservedListener observed = new ObservedListener(listener, call, modelMeters, model);
        try (Observation.Scope ignored = call.openScope()) {
            return delegate.generate(request, observed);
        } catch (RuntimeException e) {
            observed.onError(new GenerationException(e.getMessage() == null ? "The provider call failed"
                    : e.getMessage(), true, "", e));
            throw e;
        }
    }

    private final class ObservedListener implements GenerationListener {

        private final GenerationListener listener;
        private final Observation call;
        private final ProviderMeters.ModelMeters meters;
        private final String requestModel;
        private final long started = System.nanoTime();
        private volatile boolean tokenSeen;
        private volatile boolean ended;

        ObservedListener(GenerationListener listener, Observation call, ProviderMeters.ModelMeters meters,
                         String requestModel) {
            this.listener = listener;
            this.call = call;
            this.meters = meters;
            this.requestModel = requestModel;
        }

        @Override
        public void onToken(String text) {
            if (!tokenSeen) {
                tokenSeen = true;
                meters.timeToFirstToken.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                call.event(Observation.Event.of("gen_ai.first_token", "first token"));
            }
            listener.onToken(text);
        }

        @Override
        public void onComplete(GenerationOutcome outcome) {
            try {
                if (!ended) {
                    ended = true;
                    usage(outcome.usage(), outcome.model());
                    (outcome.cancelled() ? meters.cancelled : meters.completed).increment();
                    call.lowCardinalityKeyValue("outcome", outcome.cancelled() ? "cancelled" : "completed");
                    if (outcome.wantsTools()) {
                        call.highCardinalityKeyValue("assistant.tool_requests",
                                Integer.toString(outcome.toolRequests().size()));
                    }
                    call.stop();
                }
            } finally {
                listener.onComplete(outcome);
            }
        }

        @Override
        public void onError(GenerationException failure) {
            try {
                if (!ended) {
                    ended = true;
                    usage(failure.usage(), null);
                    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                    meters.error(cause.getClass().getSimpleName(), failure.fallbackAllowed());
                    call.lowCardinalityKeyValue("outcome", "failed");
                    // the class only: a provider's message may quote the request
                    call.error(new ProviderCallFailed(cause.getClass().getName()));
                    call.stop();
                }
            } finally {
                listener.onError(failure);
            }
        }

        private void usage(TokenUsage usage, String answeredModel) {
            call.highCardinalityKeyValue("gen_ai.response.model", answeredModel == null ? requestModel
                    : answeredModel);
            if (usage == null) {
                return;
            }
            call.highCardinalityKeyValue("gen_ai.usage.input_tokens", Long.toString(usage.inputTokens()));
            call.highCardinalityKeyValue("gen_ai.usage.output_tokens", Long.toString(usage.outputTokens()));
            meters.inputTokens.increment(usage.inputTokens());
            meters.outputTokens.increment(usage.outputTokens());
            if (prices != null) {
                try {
                    meters.cost(prices.callCost(delegate.providerId(), requestModel, answeredModel, usage));
                } catch (RuntimeException e) {
                    // a price list that cannot be read now only leaves the cost counter behind
                }
            }
        }
    }

    /** What a failed call's observation records: the failure's class, never its message. */
    static final class ProviderCallFailed extends RuntimeException {
        ProviderCallFailed(String type) {
            super(type, null, false, false);
        }
    }
}
