-- Issue 6, ADR 0013: V7.1 sealed and hashed every member; the clear copies go.
-- The old row versions stay on disk until the space is reused: run VACUUM FULL patient, patient_identifier
-- (docs/encryption.md) to rewrite the tables now; backups taken before the upgrade still hold clear values.
alter table patient drop column name_search;
alter table patient alter column pii set not null;
alter table patient alter column pii_key set not null;

alter table patient_identifier drop constraint patient_identifier_pkey;
alter table patient_identifier drop column value;
alter table patient_identifier alter column tenant set not null;
alter table patient_identifier alter column value_hash set not null;
-- The hash includes the tenant, so the same value is one row per tenant; uniqueness across tenants is checked on
-- write (PatientService). Lookups by hash, with or without the system, use this key.
alter table patient_identifier add primary key (value_hash, system);
