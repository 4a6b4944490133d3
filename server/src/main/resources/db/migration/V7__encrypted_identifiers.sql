-- Issue 6, ADR 0013: direct identifiers encrypted at rest, searchable through keyed hashes.
-- V7 adds the new columns and tables; V7.1 (Java: org.vigil.server.patients.EncryptIdentifiersMigration) seals
-- every member's identifiers and hashes their identifier values and name parts; V7.2 drops the clear columns.

-- AES-256-GCM of the JSON of the member's direct identifiers (names, telecoms, contacts, photo, narrative,
-- identifier values, address lines/text/postal code), bound to (tenant, id, 'patient.pii').
alter table patient add column pii bytea;
-- The data key that sealed pii (also in the ciphertext's header): the rekey job finds old-key rows by it.
alter table patient add column pii_key text;

-- One row per normalized name part: HMAC-SHA256 under a per-tenant key derived from the search key, 128 bits.
create table patient_search_token (
    tenant     text  not null,
    kind       text  not null,          -- name
    token_hash bytea not null,
    patient_id text  not null references patient (id) on delete cascade,
    primary key (kind, token_hash, tenant, patient_id)
);
create index patient_search_token_patient on patient_search_token (patient_id);

-- Identifier values as per-tenant keyed hashes of the normalized value; the system stays clear.
alter table patient_identifier add column tenant text;
alter table patient_identifier add column value_hash bytea;
