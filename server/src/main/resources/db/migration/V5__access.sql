-- Issue 6: who may see whom. Consent records (FHIR Consent, one row per scope and grantee) and doctors' care teams.

-- A member's consent. scope: insurer-sharing | research | outreach-email | outreach-sms | outreach-webhook.
-- grantee: for insurer-sharing the insurer's organization id (null = any insurer of the tenant); else null.
-- status: active | rejected | inactive (withdrawn). The latest row for (patient, scope, grantee) decides.
create table consent (
    id          bigint generated always as identity primary key,
    tenant      text        not null,
    patient_id  text        not null references patient (id),
    scope       text        not null,
    grantee     text,
    status      text        not null,
    period_from timestamptz,
    period_to   timestamptz,
    recorded_at timestamptz not null,
    recorded_by text        not null,
    resource    jsonb       not null
);
create index consent_patient on consent (patient_id, scope, recorded_at desc);
create index consent_scope on consent (tenant, scope, status);

-- A doctor looks after the panels of these managers (and sees their escalations).
create table care_team (
    doctor_id  text not null references app_user (id),
    manager_id text not null references app_user (id),
    primary key (doctor_id, manager_id)
);
create index patient_tenant on patient (tenant);
