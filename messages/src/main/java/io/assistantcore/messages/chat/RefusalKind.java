package io.assistantcore.messages.chat;

/** Why a reply was refused instead of answered. */
public enum RefusalKind {
    /** The router classified the request as something the platform does not answer. */
    NOT_ALLOWED,
    /** The input guardrail blocked a prompt-injection attempt. */
    INJECTION,
    /** Grounded answering found nothing in the tenant's documents. */
    NOT_IN_DOCUMENTS,
    /** The tenant's policy (a blocked topic, a disabled feature) forbids it. */
    POLICY
}
