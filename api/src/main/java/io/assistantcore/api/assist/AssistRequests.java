package io.assistantcore.api.assist;

import io.assistantcore.messages.assist.AiAction;
import io.assistantcore.messages.assist.ContextItem;
import io.assistantcore.messages.assist.FieldRef;
import io.assistantcore.messages.assist.Tone;
import io.assistantcore.api.web.input.FreeText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Set;

/** Request and response bodies of the assist endpoints; the write model checks the same rules again. */
final class AssistRequests {

    private AssistRequests() {
    }

    record FieldRequest(@NotBlank @Size(max = 200) String entityType, @NotBlank @Size(max = 200) String entityId,
                        @NotBlank @Size(max = 200) String fieldName) {
        FieldRef toField() {
            return new FieldRef(entityType, entityId, fieldName);
        }
    }

    record ContextItemRequest(
            @NotNull @Pattern(regexp = "[a-z][a-z0-9_-]{0,63}",
                    message = "must be a lower-case word of letters, digits, '_' and '-'") String kind,
            @Size(max = 200) String label,
            @NotBlank @Size(max = 20_000) @FreeText String text) {
        ContextItem toItem() {
            return new ContextItem(kind, label, text);
        }
    }

    record StartSessionRequest(@NotNull @Valid FieldRequest field,
                               @NotBlank @Size(max = 20_000) @FreeText String text,
                               @Size(max = 20) List<@NotNull @Valid ContextItemRequest> context) {
        List<ContextItem> contextItems() {
            return context == null ? List.of() : context.stream().map(ContextItemRequest::toItem).toList();
        }
    }

    record SessionCreated(String sessionId) {
    }

    record SuggestionRequest(
            @NotNull(message = "must be one of IMPROVE, SHORTEN, SUMMARIZE, FIX_GRAMMAR, CHANGE_TONE, FREE_PROMPT")
            AiAction action,
            Tone tone,
            @Size(max = 2_000) @FreeText String instruction,
            @Size(max = 20) Set<@NotNull @Size(max = 64) String> contextKinds,
            Boolean refine) {
    }

    record SuggestionAccepted(String suggestionId, int attempt) {
    }

    record ApproveRequest(@Size(max = 20_000) @FreeText String editedText) {
    }

    record Approved(String finalText, boolean edited) {
    }
}
