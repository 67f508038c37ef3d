package io.assistantcore.messages.lead;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What an inbound lead wants. On the wire: {@code Sales}, {@code Support}, {@code Partnership}, {@code Other}. */
public enum LeadIntent {
    SALES("Sales"),
    SUPPORT("Support"),
    PARTNERSHIP("Partnership"),
    OTHER("Other");

    private final String wireName;

    LeadIntent(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Case-insensitive; null for an unknown name. */
    @JsonCreator
    public static LeadIntent fromWire(String name) {
        if (name == null) {
            return null;
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (LeadIntent intent : values()) {
            if (intent.wireName.toLowerCase(Locale.ROOT).equals(wanted)
                    || intent.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return intent;
            }
        }
        return null;
    }
}
