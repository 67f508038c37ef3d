package io.assistantcore.messages.chat;

/** How well a grounded reply is supported by the sources it was given. */
public enum ConfidenceLevel {
    /** The best source is close to the question and the answer cites it. */
    GROUNDED,
    /** Sources were found, but weaker, or the answer cites few of them. */
    PARTIAL,
    /** Nothing supports an answer. */
    NONE
}
