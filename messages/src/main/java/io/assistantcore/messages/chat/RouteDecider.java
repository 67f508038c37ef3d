package io.assistantcore.messages.chat;

/** Who made a routing decision. */
public enum RouteDecider {
    /** A small language model with structured output. */
    LLM,
    /** The offline semantic router (nearest labelled examples). */
    SEMANTIC,
    /** A deterministic rule (the long-context length rule). */
    RULE,
    /** The client named the route in the request. */
    OVERRIDE,
    /** The LLM router failed or answered malformed; the semantic router decided instead. */
    FALLBACK
}
