package io.assistantcore.messages.chat;

import io.assistantcore.messages.privacy.PersonalData;

import java.util.List;

/** One round of tool calls in a reply: what the model said with its requests, and the calls. */
public record ToolRoundRecord(@PersonalData String assistantText, @PersonalData List<ToolStep> steps) {

    public ToolRoundRecord {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public boolean finished() {
        return steps.stream().allMatch(ToolStep::finished);
    }
}
