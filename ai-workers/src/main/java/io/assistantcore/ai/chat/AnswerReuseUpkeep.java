package io.assistantcore.ai.chat;

import io.assistantcore.messages.chat.ChatEvents.ReplyFeedbackGiven;
import io.assistantcore.messages.tenant.TenantEvents.MemberDataForgotten;
import io.assistantcore.messages.tenant.TenantEvents.RoutingRulesSet;
import io.assistantcore.messages.tenant.TenantEvents.TenantAiPolicySet;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

/**
 * Keeps the reusable chat answers honest: a thumbs-down takes a reply's answer (and the answer it reused) out of
 * reuse, a later thumbs-up puts it back. A tenant's answers are deleted when its AI policy changes (they were
 * produced under other models or masking rules), when it turns answer reuse off, and when one of its members is
 * forgotten (an answer names no user, so they all go).
 */
@ProcessingGroup(AnswerReuseUpkeep.PROCESSING_GROUP)
@DisallowReplay
public class AnswerReuseUpkeep {

    public static final String PROCESSING_GROUP = "chat-answer-reuse";

    private final AnswerReuse reuse;

    public AnswerReuseUpkeep(AnswerReuse reuse) {
        this.reuse = reuse;
    }

    @EventHandler
    void on(ReplyFeedbackGiven event) {
        reuse.rated(event.tenantId(), event.replyId(), event.rating());
    }

    @EventHandler
    void on(RoutingRulesSet event) {
        if (!event.rules().answerReuse()) {
            reuse.forgetTenant(event.tenantId());
        }
    }

    @EventHandler
    void on(TenantAiPolicySet event) {
        reuse.forgetTenant(event.tenantId());
    }

    @EventHandler
    void on(MemberDataForgotten event) {
        reuse.forgetTenant(event.tenantId());
    }
}
