package io.assistantcore.ai.chat.routing;

import io.assistantcore.ai.assist.ProviderChain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.assistantcore.ai.offline.OfflineTextGenerator;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.tenant.RoutingRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Routes by asking a small language model for a structured answer — {@code {category, confidence, reason}} under a
 * JSON schema (OpenAI {@code response_format} json_schema with {@code strict}, Anthropic {@code output_config}
 * json_schema) — and falls back to the {@link SemanticRouter} when that does not work.
 * <ol>
 *     <li>A message longer than the long-context limit is decided by the semantic router's length rule (RULE); the
 *     router model is not asked.</li>
 *     <li>The models asked, in order: the tenant's router choice ({@link RoutingRules#router()}) when its provider is
 *     configured, then the platform defaults (Anthropic's small model, then OpenAI's mini model, each only when
 *     configured). A tenant choosing the offline engine ({@code local}) gets the semantic router (SEMANTIC); so
 *     does everyone when no model is configured.</li>
 *     <li>A model that fails (HTTP error, connection failure, no answer within the timeout) is passed over for the
 *     next one. When all fail, or a model answers malformed (not JSON, unknown category, confidence outside 0..1,
 *     missing reason), the semantic router decides and the decision says so: {@link RouteDecider#FALLBACK}, with a
 *     reason naming what went wrong.</li>
 * </ol>
 * The router model sees at most {@value #MAX_MESSAGE_CHARS} characters of a message. Its reason is cleaned (control
 * characters removed, at most {@value #MAX_REASON_CHARS} characters) and replaced by a neutral one when it quotes
 * the message. Logs name providers, models and failure kinds, never message text.
 */
public final class LlmRouter implements MessageRouter {

    private static final Logger log = LoggerFactory.getLogger(LlmRouter.class);

    /** The part of a message the router model sees. */
    static final int MAX_MESSAGE_CHARS = 24_000;
    /** The longest reason kept from the router model. */
    static final int MAX_REASON_CHARS = 200;
    /** Runs of this many words of the message in a reason count as quoting it. */
    static final int QUOTE_WORDS = 5;

    static final String INSTRUCTIONS_RESOURCE = "chat/router-instructions.txt";

    /** The JSON schema of the answer. */
    static final JsonSchema ANSWER_SCHEMA = JsonSchema.builder()
            .name("route_decision")
            .rootElement(JsonObjectSchema.builder()
                    .addProperty("category", JsonEnumSchema.builder()
                            .enumValues(Arrays.stream(RouteCategory.values()).map(RouteCategory::wireName).toList())
                            .description("the category of the message")
                            .build())
                    .addProperty("confidence", JsonNumberSchema.builder()
                            .description("0 to 1: how sure the category is")
                            .build())
                    .addProperty("reason", JsonStringSchema.builder()
                            .description("one short sentence for the user, not quoting the message")
                            .build())
                    .required("category", "confidence", "reason")
                    .additionalProperties(false)
                    .build())
            .build();

    private static final ResponseFormat RESPONSE_FORMAT =
            ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(ANSWER_SCHEMA).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A router model: a provider id and a model name (null: the provider's router default). */
    public record RouterModel(String provider, String model) {
        public RouterModel {
            Objects.requireNonNull(provider, "provider");
        }
    }

    /** A router model ready to ask: the provider, the model name in effect, and the langchain4j model. */
    public record ResolvedModel(String provider, String model, ChatModel chatModel) {
        public ResolvedModel {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(chatModel, "chatModel");
        }
    }

    /** Resolves a router model, or empty when its provider is not configured (or the model name is unusable). */
    public interface ModelSource {
        Optional<ResolvedModel> resolve(RouterModel routerModel);
    }

    private final ModelSource models;
    private final List<RouterModel> defaults;
    private final SemanticRouter semantic;
    private final ExecutorService executor;
    private final Duration timeout;
    private final String instructions;

    /**
     * @param models   the configured providers' models
     * @param defaults the platform's router models in order (e.g. Anthropic's small model, then OpenAI's mini
     *                 model), each only if configured
     * @param semantic decides when no model can, and provides the length rule
     * @param executor runs the model calls, so that each is abandoned after {@code timeout}
     * @param timeout  the longest wait for one model's answer
     */
    public LlmRouter(ModelSource models, List<RouterModel> defaults, SemanticRouter semantic,
                     ExecutorService executor, Duration timeout) {
        this.models = Objects.requireNonNull(models, "models");
        this.defaults = List.copyOf(defaults);
        this.semantic = Objects.requireNonNull(semantic, "semantic");
        this.executor = Objects.requireNonNull(executor, "executor");
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
        this.instructions = readInstructions();
    }

    @Override
    public RouteDecision classify(String text, RoutingRules rules) {
        return classify(text, rules, Set.of());
    }

    @Override
    public RouteDecision classify(String text, RoutingRules rules, Set<String> allowedModels) {
        Objects.requireNonNull(text, "text");
        Set<String> allowed = allowedModels == null ? Set.of() : allowedModels;
        RoutingRules effective = rules == null ? RoutingRules.DEFAULT : rules;
        Optional<RouteDecision> rule = semantic.lengthRule(text);
        if (rule.isPresent()) {
            return rule.get();
        }
        RoutingRules.Route choice = effective.router();
        if (text.isBlank() || (choice != null && OfflineTextGenerator.PROVIDER_ID.equals(choice.provider()))) {
            return semantic.classify(text, effective);
        }
        List<String> failures = new ArrayList<>();
        for (ResolvedModel candidate : candidates(choice, allowed)) {
            Answer answer = ask(candidate, text);
            if (answer.failure() != null) {
                log.warn("Router model {} of {} failed: {}", candidate.model(), candidate.provider(),
                        answer.failure());
                failures.add(candidate.provider() + ": " + answer.failure());
                continue;
            }
            Parsed parsed = parse(answer.text(), text);
            if (parsed.problem() != null) {
                log.warn("Router model {} of {} answered malformed: {}", candidate.model(), candidate.provider(),
                        parsed.problem());
                return fallback(text, effective, "The router model (" + candidate.provider()
                        + ") answered malformed: " + parsed.problem());
            }
            return new RouteDecision(parsed.category(), parsed.confidence(), parsed.reason(), RouteDecider.LLM);
        }
        if (failures.isEmpty()) {
            return semantic.classify(text, effective);
        }
        return fallback(text, effective, "The router model failed (" + String.join("; ", failures) + ")");
    }

    /**
     * The tenant's choice (when usable), then the defaults; each provider and model once, and only those the
     * tenant's AI policy allows (the message must not reach a provider the tenant has not allowed).
     */
    private List<ResolvedModel> candidates(RoutingRules.Route choice, Set<String> allowedModels) {
        List<RouterModel> wanted = new ArrayList<>();
        if (choice != null && choice.provider() != null) {
            wanted.add(new RouterModel(choice.provider(), blankToNull(choice.model())));
        }
        wanted.addAll(defaults);
        List<ResolvedModel> candidates = new ArrayList<>();
        for (RouterModel routerModel : wanted) {
            models.resolve(routerModel).ifPresent(resolved -> {
                if (ProviderChain.allows(allowedModels, resolved.provider(), resolved.model())
                        && candidates.stream().noneMatch(c -> c.provider().equals(resolved.provider())
                        && c.model().equals(resolved.model()))) {
                    candidates.add(resolved);
                }
            });
        }
        return candidates;
    }

    private Answer ask(ResolvedModel candidate, String text) {
        String message = text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) : text;
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(instructions), UserMessage.from(message))
                .responseFormat(RESPONSE_FORMAT)
                .build();
        Future<ChatResponse> call;
        try {
            call = executor.submit(() -> candidate.chatModel().chat(request));
        } catch (RuntimeException e) {
            return Answer.failed("not started (" + e.getClass().getSimpleName() + ")");
        }
        try {
            ChatResponse response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            String answer = response == null || response.aiMessage() == null ? null : response.aiMessage().text();
            return new Answer(answer, null);
        } catch (TimeoutException e) {
            call.cancel(true);
            return Answer.failed("no answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return Answer.failed("interrupted");
        } catch (ExecutionException e) {
            return Answer.failed(describe(e.getCause()));
        }
    }

    /** What went wrong, without any text of the provider's answer (it might echo the message). */
    static String describe(Throwable error) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof HttpException http) {
                return "HTTP " + http.statusCode();
            }
            if (cause instanceof dev.langchain4j.exception.TimeoutException || cause instanceof HttpTimeoutException) {
                return "timeout";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
        }
        return error == null ? "unknown error" : error.getClass().getSimpleName();
    }

    private RouteDecision fallback(String text, RoutingRules rules, String why) {
        RouteDecision decision = semantic.classify(text, rules);
        return new RouteDecision(decision.category(), decision.confidence(),
                why + "; the semantic router decided: " + decision.reason(), RouteDecider.FALLBACK);
    }

    /** Reads the router model's answer; a problem names what is wrong with it. */
    static Parsed parse(String answer, String message) {
        if (answer == null || answer.isBlank()) {
            return Parsed.problem("no text");
        }
        JsonNode node;
        try {
            node = JSON.readTree(withoutCodeFence(answer.strip()));
        } catch (JsonProcessingException e) {
            return Parsed.problem("not JSON");
        }
        if (node == null || !node.isObject()) {
            return Parsed.problem("not a JSON object");
        }
        JsonNode category = node.get("category");
        if (category == null || !category.isTextual()) {
            return Parsed.problem("no category");
        }
        RouteCategory routeCategory;
        try {
            routeCategory = RouteCategory.fromWire(category.asText());
        } catch (IllegalArgumentException e) {
            return Parsed.problem("unknown category");
        }
        JsonNode confidence = node.get("confidence");
        if (confidence == null || !confidence.isNumber()) {
            return Parsed.problem("no confidence");
        }
        double value = confidence.asDouble();
        if (!Double.isFinite(value) || value < 0 || value > 1) {
            return Parsed.problem("confidence out of range");
        }
        JsonNode reason = node.get("reason");
        if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
            return Parsed.problem("no reason");
        }
        return new Parsed(routeCategory, value, cleanReason(reason.asText(), routeCategory, message), null);
    }

    private static String withoutCodeFence(String answer) {
        if (answer.startsWith("```") && answer.endsWith("```") && answer.length() >= 6) {
            String inner = answer.substring(3, answer.length() - 3);
            int newline = inner.indexOf('\n');
            return newline < 0 ? inner : inner.substring(newline + 1);
        }
        return answer;
    }

    /** Control characters out, whitespace collapsed, bounded; a neutral reason when it quotes the message. */
    static String cleanReason(String reason, RouteCategory category, String message) {
        String cleaned = reason.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
        if (cleaned.isEmpty() || quotes(cleaned, message)) {
            return "The router model classified the message as " + category.wireName();
        }
        if (cleaned.length() > MAX_REASON_CHARS) {
            cleaned = cleaned.substring(0, MAX_REASON_CHARS - 1).strip() + "…";
        }
        return cleaned;
    }

    /** True when the reason contains {@value #QUOTE_WORDS} consecutive words of the message. */
    static boolean quotes(String reason, String message) {
        String[] words = words(message);
        if (words.length < QUOTE_WORDS) {
            return false;
        }
        String haystack = " " + String.join(" ", words(reason)) + " ";
        for (int i = 0; i + QUOTE_WORDS <= words.length; i++) {
            String run = " " + String.join(" ", Arrays.asList(words).subList(i, i + QUOTE_WORDS)) + " ";
            if (haystack.contains(run)) {
                return true;
            }
        }
        return false;
    }

    private static String[] words(String text) {
        String normalised = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        return normalised.isEmpty() ? new String[0] : normalised.split(" ");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String readInstructions() {
        try (InputStream in = LlmRouter.class.getClassLoader().getResourceAsStream(INSTRUCTIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + INSTRUCTIONS_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Answer(String text, String failure) {
        static Answer failed(String failure) {
            return new Answer(null, failure);
        }
    }

    record Parsed(RouteCategory category, double confidence, String reason, String problem) {
        static Parsed problem(String problem) {
            return new Parsed(null, 0, null, problem);
        }
    }
}
