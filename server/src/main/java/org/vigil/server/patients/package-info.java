/**
 * Members as FHIR Patients: create, update with a client-chosen id, read, search by identifier and name, and the
 * per-member lock every ingest takes. Direct identifiers are stored sealed and searched by keyed hashes (ADR 0013);
 * {@code PatientDirectory} gives names and phones to pages, the worklist and outreach. Uses {@code crypto}.
 */
package org.vigil.server.patients;
