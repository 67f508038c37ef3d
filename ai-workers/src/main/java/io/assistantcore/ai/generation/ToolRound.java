package io.assistantcore.ai.generation;

import java.util.List;

/**
 * One round of tool calling already done in a reply: what the model said with its requests, and each request with
 * the recorded result. Sent back to the model so the reply goes on from the results without running anything again.
 */
public record ToolRound(String assistantText, List<Exchange> exchanges) {

    public ToolRound {
        exchanges = List.copyOf(exchanges);
    }

    public record Exchange(ToolRequest request, String result) {
    }
}
