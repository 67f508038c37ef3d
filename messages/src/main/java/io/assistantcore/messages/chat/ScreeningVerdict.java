package io.assistantcore.messages.chat;

/** The input guardrail's verdict on a user message. */
public enum ScreeningVerdict {
    /** Nothing suspicious. */
    ALLOW,
    /** Suspicious but not clearly an attack: answered, and the flag is recorded. */
    FLAG,
    /** Refused before any model sees the text. */
    BLOCK
}
