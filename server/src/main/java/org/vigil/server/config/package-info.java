/**
 * Wiring: settings, the database (embedded PostgreSQL or an external one, migrated by Flyway), the pure core's
 * beans and the start-up banner. No feature logic.
 */
package org.vigil.server.config;
