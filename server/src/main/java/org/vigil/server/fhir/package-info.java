/**
 * The FHIR R4 edge, on HAPI FHIR's plain server: Patient, Observation, DetectedIssue and transaction/batch
 * Bundles. HAPI parses and serializes at the edge; inside, everything is Vigil's compact records.
 */
package org.vigil.server.fhir;
