package io.assistantcore.api.chat;

import io.assistantcore.api.security.Caller;
import io.assistantcore.api.stream.StreamData;
import io.assistantcore.api.stream.StreamKind;
import io.assistantcore.messages.assist.AssistEvents.AttemptUsageRecorded;
import io.assistantcore.messages.assist.TokenUsage;
import io.assistantcore.messages.chat.ChatEvents.ReplyCancelled;
import io.assistantcore.messages.chat.ChatEvents.ReplyCompleted;
import io.assistantcore.messages.chat.ChatEvents.ReplyFailed;
import io.assistantcore.messages.chat.ChatEvents.ReplyMemoryApplied;
import io.assistantcore.messages.chat.ChatEvents.ReplyRefused;
import io.assistantcore.messages.chat.ChatEvents.ReplyRouted;
import io.assistantcore.messages.tool.ToolEvents.ToolCallAwaitingApproval;
import io.assistantcore.messages.tool.ToolEvents.ToolCallApproved;
import io.assistantcore.messages.tool.ToolEvents.ToolCallDenied;
import io.assistantcore.messages.tool.ToolEvents.ToolCallExecutionStarted;
import io.assistantcore.messages.tool.ToolEvents.ToolCallExpired;
import io.assistantcore.messages.tool.ToolEvents.ToolCallFailed;
import io.assistantcore.messages.tool.ToolEvents.ToolCallProposed;
import io.assistantcore.messages.tool.ToolEvents.ToolCallSucceeded;
import io.assistantcore.messages.tool.ToolCallStatus;
import io.assistantcore.messages.chat.ChatEvents.ReplyImageRecorded;
import io.assistantcore.platform.images.ImageLinks;
import io.assistantcore.messages.chat.ChatEvents.ReplyScreened;
import io.assistantcore.messages.chat.ChatQueries.CitationView;
import io.assistantcore.messages.chat.ChatQueries.ConfidenceView;
import io.assistantcore.messages.chat.ChatQueries.ReplyView;
import io.assistantcore.messages.chat.ChatQueries.SourceView;
import io.assistantcore.messages.chat.RefusalKind;
import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;
import io.assistantcore.messages.chat.ScreeningVerdict;
import io.assistantcore.messages.common.Money;
import io.assistantcore.platform.stream.StreamChunk;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import io.assistantcore.messages.chat.ChatEvents.ReplyGrounded;
import io.assistantcore.messages.chat.ChatEvents.ReplySourcesRecorded;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reply streams (API.md "Conversations"): the steps before the first chunk — {@code screened}, {@code routed},
 * {@code memory}, {@code sources} — then {@code token} events, then {@code completed}, {@code refused},
 * {@code failed} or {@code cancelled}; every event names its attempt. In between, as they happen: {@code tool_call}
 * (a call proposed, approved, started), {@code approval_requested}, {@code tool_result} (a call ended) and
 * {@code image} (a picture made for the reply, with a link minted now).
 */
@Component
public class ReplyStreams implements StreamKind {

    private final ChatReadModel chats;
    private final ImageLinks imageLinks;

    public ReplyStreams(ChatReadModel chats, ImageLinks imageLinks) {
        this.chats = chats;
        this.imageLinks = imageLinks;
    }

    @Override
    public String name() {
        return "reply";
    }

    @Override
    public boolean readable(Caller caller, String id) {
        return chats.reply(caller.tenantId(), id).map(view -> ChatAccess.mayRead(caller, view.userId())).orElse(false);
    }

    @Override
    public Optional<Snapshot> snapshot(String tenantId, String id) {
        return chats.reply(tenantId, id).map(view -> new Snapshot(view.attempt(), stages(view), end(view),
                view.images().stream().map(image -> image(image.imageId(), image.url(), null)).toList()));
    }

    @Override
    public List<StreamChunk> storedChunks(String tenantId, String id, int attempt, int afterSeq) {
        return chats.chunks(tenantId, id, attempt, afterSeq).stream()
                .map(chunk -> new StreamChunk(chunk.attempt(), chunk.seq(), chunk.text())).toList();
    }

    @Override
    public Relay relay() {
        Map<Integer, Money> costs = new HashMap<>();
        Map<Integer, ReplyGrounded> groundings = new HashMap<>();
        return event -> {
            if (event instanceof ReplyScreened e) {
                return new Stage(e.attempt(), screened(e.attempt(), e.verdict(), e.category(), e.score()));
            } else if (event instanceof ReplyRouted e) {
                return new Stage(e.attempt(), routed(e.attempt(), e.category(), e.confidence(), e.provider(),
                        e.model(), e.reason(), e.decidedBy()));
            } else if (event instanceof ReplyMemoryApplied e) {
                return new Stage(e.attempt(), memory(e.attempt(), e.turnsKept(), e.turnsCondensed(), e.truncated()));
            } else if (event instanceof ReplySourcesRecorded e) {
                return new Stage(e.attempt(), sources(e.attempt(), e.sources().stream()
                        .map(source -> new SourceView(source.sourceId(), source.documentId(), source.title(),
                                source.page(), source.chunkId(), source.score(), source.snippet())).toList()));
            } else if (event instanceof ReplyGrounded e) {
                // the citations and confidence of a grounded reply, recorded just before its end
                groundings.put(e.attempt(), e);
            } else if (event instanceof AttemptUsageRecorded e && e.cost() != null) {
                // what the attempt cost, recorded just before its end
                costs.put(e.attempt(), e.cost());
            } else if (event instanceof ReplyImageRecorded e) {
                return new Notice(e.attempt(), image(e.imageId(), imageLinks.mint(e.tenantId(), e.imageId()),
                        e.revisedPrompt()));
            } else if (event instanceof ToolCallProposed e) {
                return new Notice(e.attempt(), toolCall(e.toolCallId(), e.tool().name(), e.arguments(),
                        ToolCallStatus.PROPOSED));
            } else if (event instanceof ToolCallApproved e) {
                return new Notice(0, toolCall(e.toolCallId(), e.tool(), e.arguments(), ToolCallStatus.APPROVED));
            } else if (event instanceof ToolCallExecutionStarted e) {
                return new Notice(0, toolCall(e.toolCallId(), e.tool().name(), e.arguments(),
                        ToolCallStatus.EXECUTING));
            } else if (event instanceof ToolCallSucceeded e) {
                return new Notice(0, toolResult(e.toolCallId(), ToolCallStatus.SUCCEEDED, e.result()));
            } else if (event instanceof ToolCallFailed e) {
                return new Notice(0, toolResult(e.toolCallId(), ToolCallStatus.FAILED, e.reason()));
            } else if (event instanceof ToolCallDenied e) {
                return new Notice(0, toolResult(e.toolCallId(), ToolCallStatus.DENIED, e.reason()));
            } else if (event instanceof ToolCallExpired e) {
                return new Notice(0, toolResult(e.toolCallId(), ToolCallStatus.EXPIRED, null));
            } else if (event instanceof ToolCallAwaitingApproval e) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("toolCallId", e.toolCallId());
                data.put("tool", e.tool());
                data.put("arguments", e.arguments());
                data.put("approverRoles", e.approverRoles());
                data.put("expiresAt", e.expiresAt() == null ? null : e.expiresAt().toString());
                data.put("attempt", e.attempt());
                return new Notice(e.attempt(), new Event("approval_requested", data));
            } else if (event instanceof ReplyCompleted e) {
                ReplyGrounded grounded = groundings.get(e.attempt());
                return new End(e.attempt(), e.chunkCount(), completed(e.attempt(), e.text(),
                        grounded == null ? List.of() : grounded.citations().stream()
                                .map(c -> new CitationView(c.marker(), c.sourceId())).toList(),
                        grounded == null ? null : new ConfidenceView(grounded.confidence().name(), grounded.score()),
                        e.usage(), e.provider(), e.model(), costs.get(e.attempt()), e.reusedFromReply()));
            } else if (event instanceof ReplyRefused e) {
                return new End(e.attempt(), Integer.MAX_VALUE, refused(e.attempt(), e.kind(), e.reason()));
            } else if (event instanceof ReplyFailed e) {
                return new End(e.attempt(), Integer.MAX_VALUE, StreamData.failed(e.attempt(), e.reason()));
            } else if (event instanceof ReplyCancelled e) {
                return new End(e.attempt(), 0, StreamData.cancelled(e.attempt()));
            }
            return null;
        };
    }

    /** {@code image} {imageId, url, revisedPrompt}: a picture made for the reply, by a link minted now. */
    private static Event image(String imageId, String url, String revisedPrompt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("imageId", imageId);
        data.put("url", url);
        data.put("revisedPrompt", revisedPrompt);
        return new Event("image", data);
    }

    /** {@code tool_call} {toolCallId, tool, arguments, status}: a call of the reply was proposed, approved or began. */
    private static Event toolCall(String toolCallId, String tool, String arguments, ToolCallStatus status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("toolCallId", toolCallId);
        data.put("tool", tool);
        data.put("arguments", arguments);
        data.put("status", status.name());
        return new Event("tool_call", data);
    }

    /** {@code tool_result} {toolCallId, status, result}: a call ended (its result, or why it was not made). */
    private static Event toolResult(String toolCallId, ToolCallStatus status, String result) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("toolCallId", toolCallId);
        data.put("status", status.name());
        data.put("result", result);
        return new Event("tool_result", data);
    }

    /** The steps of the reply's latest attempt before its first chunk, as the read model shows them. */
    private static List<Event> stages(ReplyView view) {
        List<Event> stages = new ArrayList<>();
        int attempt = view.attempt();
        if (view.screening() != null) {
            stages.add(screened(attempt, view.screening().verdict(), view.screening().category(),
                    view.screening().score()));
        }
        if (view.route() != null) {
            stages.add(routed(attempt, view.route().category(), view.route().confidence(), view.route().provider(),
                    view.route().model(), view.route().reason(), view.route().decidedBy()));
        }
        if (view.memory() != null) {
            stages.add(memory(attempt, view.memory().turnsKept(), view.memory().turnsCondensed(),
                    view.memory().truncated()));
        }
        if (view.sources() != null && !view.sources().isEmpty()) {
            stages.add(sources(attempt, view.sources()));
        }
        return stages;
    }

    /** The terminal event of a finished reply as the read model shows it, or null while it runs. */
    private static Event end(ReplyView view) {
        return switch (view.status()) {
            case COMPLETED -> completed(view.attempt(), view.text(), view.citations(), view.confidence(),
                    view.usage(), view.provider(), view.model(), view.cost(), view.reusedFrom());
            case REFUSED -> refused(view.attempt(), view.refusal() == null ? null : view.refusal().kind(),
                    view.refusal() == null ? null : view.refusal().reason());
            case FAILED -> StreamData.failed(view.attempt(), view.failureReason());
            case CANCELLED -> StreamData.cancelled(view.attempt());
            default -> null;
        };
    }

    private static Event screened(int attempt, ScreeningVerdict verdict, String category, double score) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("verdict", verdict);
        data.put("category", category);
        data.put("score", score);
        data.put("attempt", attempt);
        return new Event("screened", data);
    }

    private static Event routed(int attempt, RouteCategory category, double confidence, String provider, String model,
                                String reason, RouteDecider decidedBy) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("category", category == null ? null : category.wireName());
        data.put("confidence", confidence);
        data.put("provider", provider);
        data.put("model", model);
        data.put("reason", reason);
        data.put("decidedBy", decidedBy);
        data.put("attempt", attempt);
        return new Event("routed", data);
    }

    private static Event memory(int attempt, int turnsKept, int turnsCondensed, boolean truncated) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("turnsKept", turnsKept);
        data.put("turnsCondensed", turnsCondensed);
        data.put("truncated", truncated);
        data.put("attempt", attempt);
        return new Event("memory", data);
    }

    private static Event sources(int attempt, List<SourceView> sources) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sources", sources);
        data.put("attempt", attempt);
        return new Event("sources", data);
    }

    private static Event completed(int attempt, String text, List<CitationView> citations, ConfidenceView confidence,
                                   TokenUsage usage, String provider, String model, Money cost, String reusedFrom) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", text);
        data.put("citations", citations == null ? List.of() : citations);
        data.put("confidence", confidence);
        data.put("usage", StreamData.usage(usage));
        data.put("provider", provider);
        data.put("model", model);
        data.put("cost", StreamData.money(cost));
        data.put("reusedFrom", reusedFrom);
        data.put("attempt", attempt);
        return new Event("completed", data);
    }

    private static Event refused(int attempt, RefusalKind kind, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", kind);
        data.put("reason", reason);
        data.put("attempt", attempt);
        return new Event("refused", data);
    }
}
