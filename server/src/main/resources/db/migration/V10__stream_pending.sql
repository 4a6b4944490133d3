-- Kafka mode (ADR 0016): readings stored but not yet acknowledged by the brokers. A row is written in the ingest
-- transaction (one per request, the stored reading ids) and deleted once the brokers acknowledged them; the relay
-- hands over whatever is left (a 503 the client never re-sent, a crash between commit and acknowledgement).
create table stream_pending (
  id          bigserial   primary key,
  reading_ids bigint[]    not null,
  received_at timestamptz not null,
  created_at  timestamptz not null default now()
);
