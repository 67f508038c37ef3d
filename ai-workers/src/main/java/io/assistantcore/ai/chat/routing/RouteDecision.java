package io.assistantcore.ai.chat.routing;

import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;

/**
 * A router's classification of one message.
 *
 * @param confidence 0..1
 * @param reason     a short explanation a user can read (no message text in it)
 */
public record RouteDecision(RouteCategory category, double confidence, String reason, RouteDecider decidedBy) {
}
