-- Current price per provider and model, fed by the "price-list" processing group.
CREATE TABLE model_price_view (
    provider           VARCHAR(200)   NOT NULL,
    model              VARCHAR(200)   NOT NULL,
    input_per_million  NUMERIC(19, 6) NOT NULL,
    output_per_million NUMERIC(19, 6) NOT NULL,
    currency           CHAR(3)        NOT NULL,
    updated_at         TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (provider, model)
);
