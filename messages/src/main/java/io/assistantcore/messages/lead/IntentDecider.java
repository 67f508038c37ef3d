package io.assistantcore.messages.lead;

/** Who decided a lead's intent. */
public enum IntentDecider {
    /** A provider's model, answering a JSON schema. */
    LLM,
    /** The offline embedding classifier (shipped examples plus the tenant's reviewed leads). */
    EMBEDDING,
    /** A person reviewing the lead. */
    REVIEWER
}
