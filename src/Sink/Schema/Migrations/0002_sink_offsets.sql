-- The next Kafka offset to read per partition, stored in the same transaction as the rows it
-- covers: PostgreSQL, not the consumer group, is where the sink resumes from.
CREATE TABLE sink_offsets (
    consumer    text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, topic, partition)
);
