-- Issue 4: risk stratification. A member's recorded risk factors, the latest result of each risk model for them,
-- and their composite Five-Highs tier.

create table member_risk_factor (
    patient_id text        primary key references patient (id),
    factors    jsonb       not null,               -- smoker, onBpTreatment, region, ... (model field names)
    updated_at timestamptz not null,
    updated_by text        not null
);

-- The current result of each model for each member (FHIR RiskAssessment); recomputed when its inputs change.
create table risk_assessment (
    id             bigint generated always as identity primary key,
    patient_id     text        not null references patient (id),
    model          text        not null,           -- pce | prevent | china-par | findrisc | five-highs-tier
    body           jsonb       not null,           -- result, missing inputs, refusals, readings used
    fingerprint    text        not null,           -- what the inputs were, to skip unchanged recomputations
    computed_at    timestamptz not null,
    unique (patient_id, model)
);

alter table patient add column five_highs_tier text;
alter table patient add column tier_rank smallint;
alter table patient add column tier_reasons jsonb;
alter table patient add column tier_at timestamptz;
create index patient_tier on patient (tier_rank);

create table rescore_job (
    id          bigint generated always as identity primary key,
    started_at  timestamptz not null,
    finished_at timestamptz,
    total       integer     not null,
    done        integer     not null default 0,
    summary     jsonb
);
