-- Issue 3: every one of the Five Highs. Reading context, member facts (tenant, tier, conditions, risk
-- category), alert lifecycle (snooze, escalation) and messages to members.

alter table observation add column context_flags smallint not null default 0;

alter table patient add column tenant text not null default 'default';
alter table patient add column tier text not null default 'professional';
alter table patient add column risk_category text;

-- A member's diagnoses, as received (FHIR Condition), with the Vigil condition each one means.
create table member_condition (
    id              bigint generated always as identity primary key,
    patient_id      text        not null references patient (id),
    condition       text        not null,     -- diabetes | gout | tophi | ascvd | ...
    code_system     text        not null,
    code            text        not null,
    clinical_status text        not null,     -- active | recurrence | relapse | inactive | remission | resolved
    resource        jsonb       not null,
    recorded_at     timestamptz not null default now()
);
create index member_condition_patient on member_condition (patient_id);

alter table alert add column snoozed_until timestamptz;
alter table alert add column snooze_reason text;
alter table alert add column escalate_at timestamptz;     -- when an unacknowledged alert escalates (tier)
alter table alert add column escalated_at timestamptz;
alter table alert add column escalated_to text;
create index alert_escalation_due on alert (escalate_at) where status = 'open' and escalate_at is not null;

-- Messages to members (safety advice on emergencies); channels deliver them (issue 5).
create table member_message (
    id         bigint generated always as identity primary key,
    patient_id text        not null references patient (id),
    alert_id   bigint      references alert (id),
    kind       text        not null,          -- safety-advice | ...
    body       text        not null,
    created_at timestamptz not null,
    sent_at    timestamptz
);
create index member_message_patient on member_message (patient_id, created_at);
