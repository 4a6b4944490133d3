-- Vigil foundation schema: members, observations and their canonical readings, alerts and their history.

create table patient (
    id              text primary key,
    version         integer     not null default 1,
    resource        jsonb       not null,           -- the FHIR Patient as last written
    name_search     text        not null default '', -- every name part, lower-case, space separated
    birth_date      date,
    gender          text,
    monitor_version bigint      not null default 0,  -- bumped whenever the monitor applies readings
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index patient_name_search on patient using btree (name_search text_pattern_ops);

create table patient_identifier (
    system     text not null,
    value      text not null,
    patient_id text not null references patient (id) on delete cascade,
    primary key (system, value)
);
create index patient_identifier_patient on patient_identifier (patient_id);

-- One row per observation as received (a BP panel is one observation with two readings).
create sequence observation_id_seq cache 100;
create table observation (
    id                bigint      primary key,
    patient_id        text        not null references patient (id),
    code              text        not null,          -- LOINC of the observation (panel or analyte)
    effective_at      timestamptz not null,
    effective_offset  integer     not null,          -- seconds east of UTC, as the source reported it
    setting           text        not null,          -- office | home | ambulatory | unspecified
    source            text        not null,
    identifier_system text,
    identifier_value  text,
    dedupe_key        text        not null,          -- patient + code + time + values + source
    context           jsonb,
    resource          jsonb,                         -- the FHIR Observation as received, when it came as FHIR
    received_at       timestamptz not null default now()
);
create unique index observation_dedupe on observation (dedupe_key);
create unique index observation_identifier on observation (identifier_system, identifier_value)
    where identifier_value is not null;
create index observation_patient_time on observation (patient_id, effective_at);

-- The canonical values the monitor reads: one per analyte, in the analyte's canonical UCUM unit.
create table reading (
    observation_id bigint           not null references observation (id),
    analyte        text             not null,
    code           text             not null,        -- LOINC as received for this value
    value          double precision not null,        -- canonical unit
    unit           text             not null,        -- canonical UCUM unit
    original_value double precision not null,
    original_unit  text             not null,
    primary key (observation_id, analyte)
);

create table alert (
    id                bigint generated always as identity primary key,
    patient_id        text        not null references patient (id),
    condition         text        not null,
    family            text        not null,
    rule_id           text        not null,
    level             text        not null,
    severity          text        not null,
    severity_rank     smallint    not null,          -- 0 info .. 3 emergency, for sorting
    status            text        not null,          -- open | acknowledged | resolved
    profile_id        text        not null,
    knowledge_version text        not null,
    body              jsonb       not null,          -- citation, evidence, thresholds, differentials, text
    opened_at         timestamptz not null,
    updated_at        timestamptz not null,
    acknowledged_at   timestamptz,
    acknowledged_by   text,
    resolved_at       timestamptz,
    resolved_by       text,
    resolution        text
);
-- One open alert per member and rule family: new evidence updates it instead of opening another.
create unique index alert_one_open_per_family on alert (patient_id, family) where status <> 'resolved';
create index alert_status_rank on alert (status, severity_rank desc, opened_at);
create index alert_patient on alert (patient_id, status);

create table alert_event (
    id       bigint generated always as identity primary key,
    alert_id bigint      not null references alert (id),
    at       timestamptz not null,
    actor    text        not null,
    action   text        not null,                   -- opened | updated | acknowledged | resolved
    detail   jsonb
);
create index alert_event_alert on alert_event (alert_id, at);
