package org.vigil.server.security;

import org.springframework.stereotype.Component;

/** Placeholder until the hash-chained audit log is wired in (same change set). */
@Component
class NoAccessLog implements AccessLog {
  @Override
  public void record(VigilPrincipal who, String patientId, String action, String what, String purpose,
      String outcome) {}
}
