-- Answers of completed chat replies that a semantically close later question of the same tenant may reuse
-- (the tenant's routing rules, answerReuse). The question's text is not kept, only its embedding in the vector
-- storage (collection chat_answer, id = reply id). Every row belongs to one tenant and is only read with that
-- tenant's id; the tenant's rows are deleted when its AI policy changes, when it turns reuse off and when one of
-- its members is forgotten.
CREATE TABLE chat_answer (
    tenant_id      VARCHAR(64)  NOT NULL,
    reply_id       TEXT         NOT NULL,  -- the reply whose latest completed attempt gave the answer
    prompt_version VARCHAR(40)  NOT NULL,
    answer_text    TEXT         NOT NULL,
    provider       VARCHAR(200) NOT NULL,
    model          VARCHAR(200) NOT NULL,
    input_tokens   BIGINT       NOT NULL,
    output_tokens  BIGINT       NOT NULL,
    usage_reported BOOLEAN      NOT NULL,
    created_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant_id, reply_id)
);

-- Replies answered with an earlier reply's answer: a thumbs-down on one of them rejects the answer it reused.
CREATE TABLE chat_answer_use (
    tenant_id       VARCHAR(64) NOT NULL,
    reply_id        TEXT        NOT NULL,
    source_reply_id TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, reply_id)
);
CREATE INDEX chat_answer_use_source ON chat_answer_use (tenant_id, source_reply_id);

-- Replies whose latest rating is a thumbs-down: their answer (or the answer they reused) is never served again.
-- Kept apart from chat_answer so that a rating that arrives before the answer is stored still counts.
CREATE TABLE chat_answer_rejection (
    tenant_id VARCHAR(64) NOT NULL,
    reply_id  TEXT        NOT NULL,
    PRIMARY KEY (tenant_id, reply_id)
);
