-- Responses kept for the exact and the semantic cache. Every entry belongs to one tenant and is only ever read with
-- that tenant's id in the key; a change of the tenant's AI policy deletes its entries.
CREATE TABLE response_cache_entry (
    tenant_id         VARCHAR(64)  NOT NULL,
    cache_key         CHAR(64)     NOT NULL,  -- SHA-256 (hex) of tenant, provider, model, prompt version, prompt, parameters
    parameters_key    CHAR(64)     NOT NULL,  -- the same without the text: what a semantic hit must match exactly
    provider          VARCHAR(200) NOT NULL,
    model             VARCHAR(200) NOT NULL,
    prompt_version    VARCHAR(40)  NOT NULL,
    response_text     TEXT         NOT NULL,
    input_tokens      BIGINT       NOT NULL,
    output_tokens     BIGINT       NOT NULL,
    usage_reported    BOOLEAN      NOT NULL,
    source_generation VARCHAR(120) NOT NULL,  -- <suggestionId>#<attempt> that produced the text
    created_at        TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, cache_key)
);
