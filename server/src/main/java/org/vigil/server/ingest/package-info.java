/**
 * Ingest as named stages (parse, validate and normalize, lock members, deduplicate and persist, monitor,
 * record alerts) with a per-item report; the device API and FHIR both enter here.
 */
package org.vigil.server.ingest;
