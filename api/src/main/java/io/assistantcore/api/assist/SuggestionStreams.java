package io.assistantcore.api.assist;

import io.assistantcore.api.security.Caller;
import io.assistantcore.api.stream.StreamData;
import io.assistantcore.api.stream.StreamKind;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCancelled;
import io.assistantcore.messages.assist.AssistEvents.SuggestionCompleted;
import io.assistantcore.messages.assist.AssistEvents.SuggestionFailed;
import io.assistantcore.messages.assist.AssistQueries.SuggestionView;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.common.Money;
import io.assistantcore.platform.stream.StreamChunk;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Suggestion streams: {@code token} events, then {@code completed} {text, usage, provider, model, cost},
 * {@code failed} {reason} or {@code cancelled}, each naming its attempt.
 */
@Component
public class SuggestionStreams implements StreamKind {

    private final AssistReadModel history;

    public SuggestionStreams(AssistReadModel history) {
        this.history = history;
    }

    @Override
    public String name() {
        return "suggestion";
    }

    @Override
    public boolean readable(Caller caller, String id) {
        return history.suggestion(caller.tenantId(), id).isPresent();
    }

    @Override
    public Optional<Snapshot> snapshot(String tenantId, String id) {
        return history.suggestion(tenantId, id).map(view -> new Snapshot(view.attempt(), List.of(), end(view)));
    }

    @Override
    public List<StreamChunk> storedChunks(String tenantId, String id, int attempt, int afterSeq) {
        return history.chunks(tenantId, id, attempt, afterSeq).stream()
                .map(chunk -> new StreamChunk(chunk.attempt(), chunk.seq(), chunk.text())).toList();
    }

    @Override
    public Relay relay() {
        Map<Integer, AttemptUsageRecorded> usage = new HashMap<>();
        return event -> {
            if (event instanceof AttemptUsageRecorded e) {
                // recorded just before the end of the attempt
                usage.put(e.attempt(), e);
            } else if (event instanceof SuggestionCompleted e) {
                AttemptUsageRecorded used = usage.get(e.attempt());
                return new End(e.attempt(), e.chunkCount(), completed(e.attempt(), e.text(), e.usage(),
                        e.provider(), e.model(), used == null ? null : used.cost(),
                        used == null ? null : used.cachedFrom()));
            } else if (event instanceof SuggestionFailed e) {
                return new End(e.attempt(), Integer.MAX_VALUE, StreamData.failed(e.attempt(), e.reason()));
            } else if (event instanceof SuggestionCancelled e) {
                return new End(e.attempt(), 0, StreamData.cancelled(e.attempt()));
            }
            return null;
        };
    }

    /** The terminal event of a finished suggestion as the history shows it, or null while it runs. */
    private static Event end(SuggestionView view) {
        return switch (view.status()) {
            case COMPLETED, APPROVED, REJECTED -> completed(view.attempt(), view.text(), view.usage(),
                    view.provider(), view.model(), view.cost(), view.cachedFrom());
            case FAILED -> StreamData.failed(view.attempt(), view.failureReason());
            case CANCELLED -> StreamData.cancelled(view.attempt());
            default -> null;
        };
    }

    private static Event completed(int attempt, String text, TokenUsage usage, String provider, String model,
                                   Money cost, String cachedFrom) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", text);
        data.put("attempt", attempt);
        data.put("usage", StreamData.usage(usage));
        data.put("provider", provider);
        data.put("model", model);
        // null only when the model has no price (the usage is still recorded)
        data.put("cost", StreamData.money(cost));
        if (cachedFrom != null) {
            data.put("cachedFrom", cachedFrom);
        }
        return new Event("completed", data);
    }
}
