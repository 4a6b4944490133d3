-- Kafka mode (ADR 0016): where the alert store stopped reading the alerts topic, advanced in the same transaction
-- as the alerts it wrote, and every engine decision stored once (a decision delivered twice changes nothing).
create table stream_offset (
  topic       text   not null,
  partition   int    not null,
  next_offset bigint not null,
  primary key (topic, partition)
);

create table stream_decision (
  id        text        primary key,
  stored_at timestamptz not null default now()
);
