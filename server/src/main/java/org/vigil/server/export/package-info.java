/**
 * Research exports of consenting members: pseudonymized (stable keyed pseudonyms, direct identifiers removed) and
 * de-identified (HIPAA Safe Harbor's identifiers removed, GB/T 37964 generalization, k-anonymity by full-domain
 * generalization and record suppression). The algorithm classes are pure (no Spring, no JDBC); the repository,
 * service and controller around them are the shell. See ADR 0012.
 */
package org.vigil.server.export;
