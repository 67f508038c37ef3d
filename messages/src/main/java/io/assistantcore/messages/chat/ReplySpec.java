package io.assistantcore.messages.chat;

import io.assistantcore.messages.privacy.PersonalData;
import io.assistantcore.messages.tenant.RoutingRules;

import java.util.List;
import java.util.Set;

/**
 * Everything a worker needs to produce one reply, fixed when the reply is requested (or regenerated) and repeated
 * in every event that (re)starts an attempt, so workers keep no state of their own.
 *
 * @param text          the user's message
 * @param attachments   ids of files attached to the message (empty when none)
 * @param routeOverride the category the client asked for (null: the router decides)
 * @param memory        the conversation's memory as of the request: summary, profile and the turns kept verbatim
 * @param maskPii       mask e-mail addresses, phone numbers and card numbers before text leaves the platform
 * @param allowedModels the tenant's allowed providers/models (empty: any configured one)
 * @param routing       the tenant's routing rules when the message was posted
 * @param promptVersion version of the chat system prompt
 * @param knowledge     {@code tenant} (answer from the tenant's documents) or {@code none}
 * @param tools         names of the tools the conversation may use
 */
public record ReplySpec(@PersonalData String text, List<String> attachments, RouteCategory routeOverride,
                        @PersonalData MemoryInput memory, boolean maskPii, Set<String> allowedModels,
                        RoutingRules routing, String promptVersion, String knowledge, List<String> tools) {

    public ReplySpec {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
        tools = tools == null ? List.of() : List.copyOf(tools);
        routing = routing == null ? RoutingRules.DEFAULT : routing;
        memory = memory == null ? MemoryInput.EMPTY : memory;
    }
}
