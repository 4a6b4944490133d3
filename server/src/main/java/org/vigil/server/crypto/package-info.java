/**
 * Encryption of personal data at rest (ADR 0013): the data keys and the search key from configuration (or
 * generated under the data directory), AES-256-GCM sealing bound to the row and field it belongs to, and keyed
 * hashes for searching without storing the clear value. Uses only the JDK; knows nothing of patients or SQL.
 */
package org.vigil.server.crypto;
