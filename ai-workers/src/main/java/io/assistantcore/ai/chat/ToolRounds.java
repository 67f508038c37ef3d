package io.assistantcore.ai.chat;

import io.assistantcore.ai.generation.ToolRequest;
import io.assistantcore.ai.generation.ToolRound;
import io.assistantcore.messages.chat.ToolRoundRecord;
import io.assistantcore.messages.chat.ToolStep;

import java.util.List;

/** The conversation's recorded tool rounds as the model is given them: each call with what came of it. */
final class ToolRounds {

    private ToolRounds() {
    }

    static List<ToolRound> forModel(List<ToolRoundRecord> rounds) {
        return rounds.stream().map(round -> new ToolRound(round.assistantText(), round.steps().stream()
                .map(step -> new ToolRound.Exchange(new ToolRequest(step.providerCallId() == null
                        ? step.toolCallId() : step.providerCallId(), step.tool(), step.arguments()), result(step)))
                .toList())).toList();
    }

    /** What the model is told: the result, or plainly why there is none (so it can tell the user). */
    static String result(ToolStep step) {
        String detail = step.result() == null || step.result().isBlank() ? "" : ": " + step.result();
        return switch (step.status()) {
            case SUCCEEDED -> step.result() == null || step.result().isBlank() ? "(done, no content)" : step.result();
            case DENIED -> "The call was denied and not made" + detail;
            case EXPIRED -> "The call was not approved in time and was not made";
            case FAILED -> "The call failed" + detail;
            default -> "The call has no result";
        };
    }
}
