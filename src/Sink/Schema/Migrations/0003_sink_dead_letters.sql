-- Messages the sink could not apply, kept with their bytes and the reason, written in the same
-- transaction as the offsets that skip them: none is lost, none recorded twice.
CREATE TABLE sink_dead_letters (
    consumer    text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    "offset"    bigint      NOT NULL,
    reason      text        NOT NULL,
    detail      text        NOT NULL,
    message_key bytea,
    message     bytea,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, topic, partition, "offset")
);
