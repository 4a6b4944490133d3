package org.vigil.server.outreach;

/**
 * Published when a message to a member has been written, so the dispatcher sends it as soon as the transaction
 * commits instead of at its next poll.
 */
public record MessageQueued(String patientId) {}
