/**
 * The tamper-evident audit log (ADR 0011): every access to personal data appended as a hash-chained row by one
 * batching writer, its verifier and {@code ./vigil audit verify}, and the log as FHIR AuditEvent. Uses JDBC and
 * HAPI's model only; who is asking comes in the entry, from the security layer.
 */
package org.vigil.server.audit;
