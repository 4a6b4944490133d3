-- Issue 6: the tamper-evident audit log (docs/adr/0011-tamper-evident-audit.md). Every read and write of personal
-- data is one row, appended by one writer (org.vigil.server.audit.AuditLog) in seq order; each row's hash is
-- SHA-256(prev_hash || a length-prefixed encoding of seq and every field), so `./vigil audit verify` finds a row
-- that was changed, deleted, inserted or moved. patient_id has no foreign key: the audit outlives the data.
create table audit_event (
    seq        bigint      primary key,
    at         timestamptz not null,
    actor      text        not null,
    role       text        not null,
    tenant     text        not null,
    patient_id text,
    action     text        not null,
    resource   text        not null,
    purpose    text        not null,
    outcome    text        not null,
    detail     jsonb,
    prev_hash  bytea,
    hash       bytea       not null
);
-- Operators' searches (FHIR AuditEvent): by member, by who, by time.
create index audit_event_patient on audit_event (patient_id, seq) where patient_id is not null;
create index audit_event_actor on audit_event (actor, seq);
create index audit_event_at on audit_event (at);

-- Append-only for the application: changing or removing history is refused. A superuser can still switch the
-- triggers off (session_replication_role = replica, or disable trigger); the hash chain is what catches that.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_event_no_update_delete before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();
