package org.vigil.server.outreach;

import java.time.Instant;

/**
 * A message to a member as staff see it: what was said and why ({@code alertId} for safety advice, null for a
 * person's message), and how its delivery went.
 *
 * @param status {@code pending}, {@code sent} or {@code failed}
 * @param recipient the address the channel used, when it used one
 * @param attempts deliveries tried so far
 * @param lastError why the last attempt failed (cleared once sent)
 */
public record MemberMessage(
    long id, String patientId, Long alertId, String kind, String body, String channel, String status,
    String recipient, int attempts, String lastError, Instant createdAt, Instant sentAt, String createdBy) {}
