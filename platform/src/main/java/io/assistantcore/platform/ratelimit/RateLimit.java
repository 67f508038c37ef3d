package io.assistantcore.platform.ratelimit;

/** The per-minute limits a request is checked against, as named in problems, headers and audit events. */
public enum RateLimit {

    REQUESTS_PER_USER("requests-per-minute-per-user", "requests per minute per user"),
    TOKENS_PER_TENANT("tokens-per-minute-per-tenant", "tokens per minute for the tenant");

    private final String code;
    private final String description;

    RateLimit(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** Stable name, e.g. {@code requests-per-minute-per-user}. */
    public String code() {
        return code;
    }

    /** For people, after the limit's value: "3 requests per minute per user". */
    public String description() {
        return description;
    }
}
