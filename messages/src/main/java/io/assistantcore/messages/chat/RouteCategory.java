package io.assistantcore.messages.chat;

import java.util.Locale;

/** What a user message asks for, as the router classifies it. Written lower-case on the wire. */
public enum RouteCategory {
    GENERAL,
    CREATIVE,
    CODE,
    REASONING,
    LONG_CONTEXT,
    SAFETY_SENSITIVE,
    IMAGE,
    NOT_ALLOWED;

    /** The lower-case name used in the API and in routing rules ({@code long_context}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a wire name (case-insensitive); throws {@link IllegalArgumentException} for an unknown one. */
    public static RouteCategory fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** Categories that are answered by a text model and may therefore have a route in the tenant's rules. */
    public boolean routable() {
        return this != IMAGE && this != NOT_ALLOWED;
    }
}
