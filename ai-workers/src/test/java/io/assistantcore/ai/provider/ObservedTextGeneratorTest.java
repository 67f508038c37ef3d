package io.assistantcore.ai.provider;

import io.assistantcore.ai.generation.GenerationException;
import io.assistantcore.ai.generation.GenerationListener;
import io.assistantcore.ai.generation.GenerationOutcome;
import io.assistantcore.ai.generation.GenerationRequest;
import io.assistantcore.ai.generation.TextGenerator;
import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The meters and the observation of a provider call, around a provider that answers on the caller's thread. */
class ObservedTextGeneratorTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final List<Observation.Context> stopped = new ArrayList<>();
    private final ObservationRegistry observations = ObservationRegistry.create();

    ObservedTextGeneratorTest() {
        observations.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
    }

    private TextGenerator provider(Consumer<GenerationListener> behaviour) {
        TextGenerator fake = new TextGenerator() {
            @Override
            public String providerId() {
                return "openai";
            }

            @Override
            public String defaultModel() {
                return "gpt-small";
            }

            @Override
            public io.assistantcore.ai.generation.GenerationHandle generate(GenerationRequest request,
                                                                          GenerationListener listener) {
                behaviour.accept(listener);
                return () -> { };
            }
        };
        return new ObservedTextGenerator(fake, observations, new ProviderMeters(meters), null);
    }

    private static GenerationRequest request() {
        return new GenerationRequest(AiAction.IMPROVE, null, null, "a private text", List.of(), "v1", null);
    }

    private static GenerationListener ignoring() {
        return new GenerationListener() {
            @Override
            public void onToken(String text) {
            }

            @Override
            public void onComplete(GenerationOutcome outcome) {
            }

            @Override
            public void onError(GenerationException failure) {
            }
        };
    }

    @Test
    void aCompletedCallCountsItsFirstTokenTokensAndOutcomeAndTellsTheSpanTheGenAiAttributes() {
        provider(listener -> {
            listener.onToken("Hello ");
            listener.onToken("world");
            listener.onComplete(new GenerationOutcome("Hello world", new TokenUsage(12, 3, true), "gpt-small-0125",
                    false));
        }).generate(request(), ignoring());

        assertThat(meters.get(ProviderMeters.TIME_TO_FIRST_TOKEN).tags("provider", "openai", "model", "gpt-small")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get(ProviderMeters.TOKENS).tags("type", "input").counter().count()).isEqualTo(12);
        assertThat(meters.get(ProviderMeters.TOKENS).tags("type", "output").counter().count()).isEqualTo(3);
        assertThat(meters.get(ProviderMeters.CALLS).tags("outcome", "completed").counter().count()).isEqualTo(1);

        assertThat(stopped).hasSize(1);
        Observation.Context call = stopped.get(0);
        assertThat(call.getContextualName()).isEqualTo("chat gpt-small");
        assertThat(call.getLowCardinalityKeyValue("gen_ai.system").getValue()).isEqualTo("openai");
        assertThat(call.getLowCardinalityKeyValue("gen_ai.request.model").getValue()).isEqualTo("gpt-small");
        assertThat(call.getHighCardinalityKeyValue("gen_ai.response.model").getValue()).isEqualTo("gpt-small-0125");
        assertThat(call.getHighCardinalityKeyValue("gen_ai.usage.input_tokens").getValue()).isEqualTo("12");
        assertThat(call.getHighCardinalityKeyValue("gen_ai.usage.output_tokens").getValue()).isEqualTo("3");
        assertThat(call.toString()).doesNotContain("private text").doesNotContain("Hello");
    }

    @Test
    void aFailedCallIsCountedByTheClassOfItsFailureNeverItsMessage() {
        provider(listener -> listener.onError(new GenerationException("openai said: your text 'secret' is bad", true,
                "", new ConnectException("refused")))).generate(request(), ignoring());

        assertThat(meters.get(ProviderMeters.ERRORS).tags("provider", "openai", "type", "ConnectException",
                "fallback", "true").counter().count()).isEqualTo(1);
        assertThat(meters.get(ProviderMeters.CALLS).tags("outcome", "failed").counter().count()).isEqualTo(1);
        assertThat(meters.find(ProviderMeters.TIME_TO_FIRST_TOKEN).timer().count()).isZero();
        Observation.Context call = stopped.get(0);
        assertThat(call.getError()).hasMessage(ConnectException.class.getName());
        assertThat(call.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("failed");
    }

    @Test
    void theCallIsAChildOfTheObservationCurrentWhereItStarts() {
        Observation attempt = Observation.start("assistant.attempt", observations);
        try (Observation.Scope ignored = attempt.openScope()) {
            provider(listener -> listener.onComplete(new GenerationOutcome("", TokenUsage.NONE, null, true)))
                    .generate(request(), ignoring());
        }
        attempt.stop();
        assertThat(stopped.get(0).getParentObservation()).isSameAs(attempt);
        assertThat(meters.get(ProviderMeters.CALLS).tags("outcome", "cancelled").counter().count()).isEqualTo(1);
    }
}
