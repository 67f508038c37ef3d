package io.assistantcore.api.chat;

import io.assistantcore.api.web.input.FreeText;
import io.assistantcore.messages.chat.FeedbackRating;
import io.assistantcore.messages.chat.ReplyStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/** Request and response bodies of the chat endpoints; the write model checks the same rules again. */
final class ChatRequests {

    /** The longest message a user may post. */
    static final int MAX_MESSAGE = 32_000;
    /** Ids as the platform makes them (UUIDs) and as files are named. */
    static final String ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}";
    static final String ID_MESSAGE = "must be an id: 1-128 letters, digits, '.', '_', ':' or '-'";
    /** The categories a message may ask to be routed to (the router's own verdict {@code not_allowed} is none). */
    static final String ROUTES = "general|creative|code|reasoning|long_context|safety_sensitive|image";
    /** Provider ids a route may name (the configured fallback chain decides which of them are reachable). */
    static final String PROVIDERS = "openai|anthropic|gemini|ollama|local";

    private ChatRequests() {
    }

    record StartConversationRequest(
            @Size(max = 200) String title,
            @Pattern(regexp = "tenant|none", message = "must be 'tenant' (answer from the tenant's documents) or "
                    + "'none'") String knowledge,
            @Size(max = 20) List<@NotNull @Pattern(regexp = "[a-z][a-z0-9_-]{0,63}",
                    message = "must be a tool name: a lower-case word of letters, digits, '_' and '-'") String> tools) {
    }

    record ConversationCreated(String conversationId) {
    }

    record PostMessageRequest(
            @NotBlank @Size(max = MAX_MESSAGE) @FreeText String text,
            @Size(max = 10) List<@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String> attachments,
            @Pattern(regexp = ROUTES, message = "must be one of general, creative, code, reasoning, long_context, "
                    + "safety_sensitive, image") String route) {

        List<String> attachmentIds() {
            return attachments == null ? List.of() : attachments;
        }
    }

    record MessageAccepted(String messageId, String replyId, ReplyStatus status) {
    }

    record ReplyAccepted(String replyId, int attempt) {
    }

    record FeedbackRequest(@NotNull(message = "must be UP or DOWN") FeedbackRating rating,
                           @Size(max = 2_000) @FreeText String comment) {
    }

    /**
     * @param routes keyed by category wire name ({@code long_context}); checked by the controller, which names an
     *               unknown category in the problem
     */
    record RoutingRulesRequest(@Size(max = 6) Map<String, @NotNull @Valid RouteRequest> routes,
                               @Valid RouteRequest router,
                               @Size(max = 50) List<@NotBlank @Size(max = 200) String> blockedTopics,
                               Boolean answerReuse) {
    }

    record RouteRequest(
            @NotNull @Pattern(regexp = PROVIDERS, message = "must be one of openai, anthropic, gemini, ollama, local")
            String provider,
            @Size(max = 200) @Pattern(regexp = "\\S+", message = "must be a model name without white space")
            String model) {
    }
}
