/**
 * Members as FHIR Patients: create, update with a client-chosen id, read, search by identifier and name, and the
 * per-member lock every ingest takes. Stores the resource as JSON beside searchable columns.
 */
package org.vigil.server.patients;
