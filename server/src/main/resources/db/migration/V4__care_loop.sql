-- Issue 5: the care loop. Users and roles, panels (with history), follow-ups, contact attempts, notes, doctors'
-- reviews of suggestions, and outreach delivery.

create table app_user (
    id           text primary key,
    display_name text    not null,
    role         text    not null,             -- member | manager | doctor | operator
    tenant       text    not null default 'default',
    locale       text    not null default 'en',
    email        text,
    demo         boolean not null default false
);

-- Which manager looks after which member; every change kept (to_at set when reassigned).
create table panel_assignment (
    id          bigint generated always as identity primary key,
    manager_id  text        not null references app_user (id),
    patient_id  text        not null references patient (id),
    from_at     timestamptz not null,
    to_at       timestamptz,
    assigned_by text        not null,
    reason      text
);
create unique index panel_current on panel_assignment (patient_id) where to_at is null;
create index panel_manager on panel_assignment (manager_id) where to_at is null;

create table follow_up (
    id         bigint generated always as identity primary key,
    patient_id text        not null references patient (id),
    alert_id   bigint      references alert (id),
    due_at     timestamptz not null,
    reason     text        not null,
    status     text        not null default 'open',   -- open | done | cancelled
    created_by text        not null,
    created_at timestamptz not null,
    done_at    timestamptz,
    done_by    text,
    outcome    text
);
create index follow_up_due on follow_up (status, due_at);
create index follow_up_patient on follow_up (patient_id);

-- A call or message to a member and how it went (Simple's call results).
create table contact_attempt (
    id         bigint generated always as identity primary key,
    patient_id text        not null references patient (id),
    alert_id   bigint      references alert (id),
    at         timestamptz not null,
    by_user    text        not null,
    channel    text        not null,               -- phone | visit | message
    outcome    text        not null,               -- reached | no-answer | wrong-number | refused
    note       text
);
create index contact_patient on contact_attempt (patient_id, at);

create table care_note (
    id         bigint generated always as identity primary key,
    patient_id text        not null references patient (id),
    alert_id   bigint      references alert (id),
    at         timestamptz not null,
    by_user    text        not null,
    text       text        not null
);
create index note_patient on care_note (patient_id, at);

-- A doctor's decision on the alert's suggestion (its finding and recommended action), shown back to the manager.
create table alert_review (
    id       bigint generated always as identity primary key,
    alert_id bigint      not null references alert (id),
    reviewer text        not null,
    decision text        not null,                 -- confirmed | rejected
    reason   text        not null,
    at       timestamptz not null
);
create index alert_review_alert on alert_review (alert_id);

alter table member_message add column channel text not null default 'outbox';
alter table member_message add column status text not null default 'pending';  -- pending | sent | failed
alter table member_message add column recipient text;
alter table member_message add column last_error text;
alter table member_message add column attempts integer not null default 0;
alter table member_message add column created_by text;              -- the person who wrote it; null = Vigil
create index member_message_pending on member_message (status) where status = 'pending';
