package org.vigil.server.security;

import java.time.Clock;
import org.springframework.stereotype.Component;
import org.vigil.server.audit.AuditEntry;
import org.vigil.server.audit.AuditLog;

/** Access records go to the hash-chained audit log (ADR 0011). */
@Component
class AuditAccessLog implements AccessLog {
  private final AuditLog audit;
  private final Clock clock;

  AuditAccessLog(AuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void record(VigilPrincipal who, String patientId, String action, String what, String purpose,
      String outcome) {
    audit.append(new AuditEntry(clock.instant(), who.subject(), who.role().code(), who.tenant(), patientId, action,
        what, purpose, outcome, null));
  }
}
