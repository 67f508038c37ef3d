package io.assistantcore.ai.chat.routing;

import io.assistantcore.messages.chat.RouteCategory;
import io.assistantcore.messages.chat.RouteDecider;

/**
 * In a conversation that answers from documents ({@code knowledge: tenant}, or attachments), a message a router put
 * in {@code not_allowed} is answered from the documents when they cover it, instead of refused: an employee asking
 * "Are we allowed to write passwords down?" of a tenant whose security policy says so is not asking for help to break
 * in, whatever the request to crack passwords nearest to it among the router's examples. "Cover" is the same decision
 * that lets a question be answered at all in such a conversation ({@code GroundedAnswers}): a refused request the
 * documents do not cover stays refused as {@code not_allowed}, and the answer, by whatever model, is told to answer
 * from the documents only. A route the client chose itself is left alone.
 * <p>
 * Measured on the knowledge evaluation's six documents (docs/chat.md, "Refusals the documents answer"): of the 58
 * {@code not_allowed} prompts of the router's evaluation sets none is covered by them, and so none is let through.
 */
public final class DocumentsOverRefusal {

    /** The share of the router's votes a refusal needs to stand in a conversation that answers from documents. */
    static final double MAJORITY = 0.5;

    private DocumentsOverRefusal() {
    }

    /** Whether the conversation's documents are to be asked before this decision refuses the message. */
    public static boolean asksDocuments(RouteDecision decision) {
        return decision.category() == RouteCategory.NOT_ALLOWED && decision.decidedBy() != RouteDecider.OVERRIDE;
    }

    /**
     * Whether the router's refusal is a plurality without a majority: the offline router's not_allowed examples had
     * fewer than half of the votes ("I came back six weeks ago and forgot to submit my taxi receipt, what now?": 3 of
     * 7 nearest examples, nearest a request for fake receipts). In a conversation that answers from documents only,
     * such a message the documents do not cover is refused as not in the documents rather than as a forbidden request:
     * nothing is generated either way, but an employee's ordinary question is not called a request to break the rules.
     * A language model's routing, whose confidence is its own estimate, is not second-guessed.
     */
    public static boolean doubtful(RouteDecision decision) {
        return asksDocuments(decision) && decision.decidedBy() == RouteDecider.SEMANTIC
                && decision.confidence() < MAJORITY;
    }

    /** A doubtful refusal the documents do not cover: routed as {@code general}, to be refused as not in them. */
    public static RouteDecision leftToDocuments(RouteDecision refused) {
        String was = reasonOf(refused);
        return new RouteDecision(RouteCategory.GENERAL, refused.confidence(),
                was + "; fewer than half of the votes, so the conversation's documents decide", refused.decidedBy());
    }

    /** The decision once the documents were found to cover the message: answered as {@code general}, from them. */
    public static RouteDecision answeredFromDocuments(RouteDecision refused) {
        String was = reasonOf(refused);
        return new RouteDecision(RouteCategory.GENERAL, refused.confidence(),
                was + "; answered from the conversation's documents, which cover it", refused.decidedBy());
    }

    /** The router's own reason for the refusal, or what it decided when it gave none. */
    private static String reasonOf(RouteDecision refused) {
        return refused.reason() == null || refused.reason().isBlank() ? "routed as not_allowed" : refused.reason();
    }
}
