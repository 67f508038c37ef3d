package io.assistantcore.messages.assist;

import io.assistantcore.messages.assist.AssistQueries.AttemptView;
import io.assistantcore.messages.assist.AssistQueries.SessionView;
import io.assistantcore.messages.assist.AssistQueries.SuggestionView;
import io.assistantcore.messages.tenant.AiPolicy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.assistantcore.messages.common.CommandRejectedException.conflict;
import static io.assistantcore.messages.common.CommandRejectedException.invalid;

/**
 * What a suggestion request sends to a model besides its action: the text it works on and the context items that go
 * with it. One rule for the write model (which decides) and for the request path (which estimates the cost before
 * anything is decided), so the estimate prices what will be sent.
 */
public final class AssistInputs {

    private AssistInputs() {
    }

    /**
     * The text a request works on: the original text, or for a refinement the current text of the session's latest
     * suggestion (the one requested or regenerated last: its approved text, else what it generated).
     *
     * @param latestText the latest suggestion's current text, null when there is none or it has none yet
     * @throws io.assistantcore.messages.common.CommandRejectedException {@code nothing-to-refine} for a refinement
     *                                                                   without such a text
     */
    public static String inputText(String originalText, boolean refine, String latestText) {
        if (!refine) {
            return originalText;
        }
        if (latestText == null) {
            throw conflict("nothing-to-refine", "refine works on the latest suggestion, and this session has no "
                    + "completed suggestion yet");
        }
        return latestText;
    }

    /**
     * The context items sent with a request: the session's items whose kind is toggled on ({@code toggles} null: all)
     * and allowed to leave the platform by the tenant's policy.
     *
     * @throws io.assistantcore.messages.common.CommandRejectedException a toggle names a kind the session lacks
     *                                                                   ({@code contextKinds}) or the policy forbids
     *                                                                   ({@code context-kind-not-allowed})
     */
    public static List<ContextItem> selectContext(List<ContextItem> offered, Set<String> toggles, AiPolicy policy) {
        if (toggles != null) {
            for (String kind : toggles) {
                if (offered.stream().noneMatch(item -> item.kind().equals(kind))) {
                    throw invalid("contextKinds", "this session has no context of kind '" + kind + "'");
                }
                if (!kindAllowed(kind, policy)) {
                    throw conflict("context-kind-not-allowed", "Your organisation's AI policy does not allow context "
                            + "of kind '" + kind + "' to be sent to an AI provider; allowed: "
                            + policy.allowedContextKinds());
                }
            }
        }
        List<ContextItem> selected = new ArrayList<>();
        for (ContextItem item : offered) {
            boolean toggledOn = toggles == null || toggles.contains(item.kind());
            if (toggledOn && kindAllowed(item.kind(), policy)) {
                selected.add(item);
            }
        }
        return selected;
    }

    /**
     * The latest suggestion's current text as a read of the session shows it (for estimates): the suggestion whose
     * latest attempt started last; its approved text, else the text of its current attempt; null when none.
     */
    public static String latestText(SessionView session) {
        SuggestionView latest = null;
        Instant latestStart = Instant.MIN;
        for (SuggestionView suggestion : session.suggestions()) {
            Instant started = suggestion.createdAt() == null ? Instant.MIN : suggestion.createdAt();
            for (AttemptView attempt : suggestion.attempts() == null ? List.<AttemptView>of() : suggestion.attempts()) {
                if (attempt.startedAt() != null && attempt.startedAt().isAfter(started)) {
                    started = attempt.startedAt();
                }
            }
            if (latest == null || !started.isBefore(latestStart)) {
                latest = suggestion;
                latestStart = started;
            }
        }
        if (latest == null) {
            return null;
        }
        return latest.finalText() != null ? latest.finalText() : latest.text();
    }

    /** The text of the suggestion a regenerated refinement worked on, as a read shows it; the original otherwise. */
    public static String refinedText(SessionView session, String refinedFrom) {
        if (refinedFrom == null) {
            return session.originalText();
        }
        return session.suggestions().stream()
                .filter(s -> s.suggestionId().equals(refinedFrom))
                .map(s -> s.finalText() != null ? s.finalText() : s.text())
                .filter(java.util.Objects::nonNull)
                .findFirst().orElse(session.originalText());
    }

    private static boolean kindAllowed(String kind, AiPolicy policy) {
        return policy.allowedContextKinds().contains("*") || policy.allowedContextKinds().contains(kind);
    }
}
