package io.assistantcore.messages.chat;

import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.messages.tool.ToolCallStatus;

/**
 * One tool call a reply asked for, as the conversation records it: which call it became, what the model asked, and
 * how it ended. Arguments and results are the conversation owner's personal texts.
 *
 * @param providerCallId the model's id of the request, echoed with the result when the reply goes on
 */
public record ToolStep(String toolCallId, String providerCallId, String tool, @PersonalData String arguments,
                       ToolCallStatus status, @PersonalData String result) {

    public boolean finished() {
        return status != null && status.finished();
    }

    public ToolStep ended(ToolCallStatus newStatus, String newResult) {
        return new ToolStep(toolCallId, providerCallId, tool, arguments, newStatus, newResult);
    }
}
