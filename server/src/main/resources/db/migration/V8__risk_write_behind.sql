-- The risk tier is recomputed after the ingest transaction, not inside it (docs/adr/0015-risk-write-behind.md).
-- The ingest transaction that moves a member's monitor state marks the member's risk stale in the same statement
-- that bumps monitor_version, so the mark commits with the readings (a crash loses no pending refresh); the
-- refresher recomputes marked members in batches and clears the mark under the member's lock.
alter table patient add column risk_stale_since timestamptz;
create index patient_risk_stale on patient (risk_stale_since) where risk_stale_since is not null;
