package io.assistantcore.ai.provider;

import io.assistantcore.messages.common.Money;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of provider calls (names and tags in docs/observability.md). Tags are the provider id and the model the
 * call asked for — both come from configuration, so their number is bounded; never a tenant, user or text. Every
 * meter is looked up once per provider and model and kept, so a call costs map reads, not registry lookups.
 */
public final class ProviderMeters {

    public static final String TIME_TO_FIRST_TOKEN = "assistant.ai.time.to.first.token";
    public static final String TOKENS = "assistant.ai.tokens";
    public static final String COST = "assistant.ai.cost";
    public static final String ERRORS = "assistant.ai.provider.errors";
    public static final String CALLS = "assistant.ai.provider.calls";

    /** Meters that record nothing anyone reads (tests and tools that wire providers without a registry). */
    public static final ProviderMeters NONE = new ProviderMeters(new SimpleMeterRegistry());

    private final MeterRegistry registry;
    private final Map<String, ModelMeters> byModel = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> costs = new ConcurrentHashMap<>();

    public ProviderMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of one provider and requested model. */
    ModelMeters of(String provider, String model) {
        String safeModel = model == null ? "unknown" : model;
        return byModel.computeIfAbsent(provider + '\u0000' + safeModel, key -> new ModelMeters(provider, safeModel));
    }

    final class ModelMeters {
        private final String provider;
        private final String model;
        final Timer timeToFirstToken;
        final Counter inputTokens;
        final Counter outputTokens;
        final Counter completed;
        final Counter cancelled;
        final Counter failed;

        private ModelMeters(String provider, String model) {
            this.provider = provider;
            this.model = model;
            timeToFirstToken = Timer.builder(TIME_TO_FIRST_TOKEN)
                    .description("From the start of a provider call to its first streamed token")
                    .tag("provider", provider).tag("model", model)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry);
            inputTokens = tokens("input");
            outputTokens = tokens("output");
            completed = calls("completed");
            cancelled = calls("cancelled");
            failed = calls("failed");
        }

        private Counter tokens(String type) {
            return Counter.builder(TOKENS).description("Tokens of provider calls, as reported or else counted")
                    .tag("provider", provider).tag("model", model).tag("type", type).register(registry);
        }

        private Counter calls(String outcome) {
            return Counter.builder(CALLS).description("Provider calls by how they ended")
                    .tag("provider", provider).tag("model", model).tag("outcome", outcome).register(registry);
        }

        /** Adds a call's priced cost to the cost counter of its currency. */
        void cost(Money cost) {
            if (cost == null || cost.amount().signum() == 0) {
                return;
            }
            costs.computeIfAbsent(provider + '\u0000' + model + '\u0000' + cost.currency(), key -> Counter
                            .builder(COST).description("Cost of provider calls priced with the price list")
                            .tag("provider", provider).tag("model", model)
                            .tag("currency", cost.currency()).register(registry))
                    .increment(cost.amount().doubleValue());
        }

        /** A failed call: {@code type} is the failure's class (a bounded set), {@code fallback} whether another
         * provider may serve the request. */
        void error(String type, boolean fallback) {
            failed.increment();
            errors.computeIfAbsent(provider + '\u0000' + type + '\u0000' + fallback, key -> Counter.builder(ERRORS)
                    .description("Failed provider calls by the kind of failure")
                    .tag("provider", provider).tag("type", type).tag("fallback", Boolean.toString(fallback))
                    .register(registry)).increment();
        }
    }
}
