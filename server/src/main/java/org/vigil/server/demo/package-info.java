/**
 * The demo population behind {@code ./vigil demo}: the deterministic synthetic members of {@code sim}, their
 * recent history loaded through the real ingest pipeline, then a live stream of readings.
 */
package org.vigil.server.demo;
