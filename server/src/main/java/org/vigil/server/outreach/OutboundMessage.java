package org.vigil.server.outreach;

import java.time.Instant;

/**
 * A message on its way to a member, with the member's addresses as their record holds them (either may be null).
 * {@link #toString()} leaves out the body and the addresses so the message can never leak into a log.
 */
public record OutboundMessage(
    long messageId, String patientId, String kind, String body, String phone, String email, Instant createdAt) {

  @Override
  public String toString() {
    return "OutboundMessage[messageId=" + messageId + ", patientId=" + patientId + ", kind=" + kind + "]";
  }
}
