/**
 * The imperative shell: HTTP (REST and FHIR), PostgreSQL, scheduling and the web UI, packaged by feature.
 * It moves data in and out of the pure core ({@code org.vigil.engine}) and holds no clinical logic itself.
 */
package org.vigil.server;
