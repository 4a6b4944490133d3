/**
 * Hosts the pure monitor in the server: per-member state cached in memory, rebuilt by replaying stored
 * readings when missing or stale, applied inside the ingest transaction so findings commit with readings.
 */
package org.vigil.server.monitoring;
