package org.vigil.server.security;

/**
 * Where records of access to personal data go (the hash-chained audit log). One call per member touched.
 *
 * @see AuditFilter
 */
public interface AccessLog {
  /**
   * Records one access.
   *
   * @param who the caller
   * @param patientId the member whose data was read or written, or null (a list, or no member)
   * @param action read | search | create | update | delete | denied
   * @param what the method and endpoint (path template) or FHIR operation
   * @param purpose the purpose of use (HL7 v3 PurposeOfUse code)
   * @param outcome the HTTP status, and the refusal reason when refused
   */
  void record(VigilPrincipal who, String patientId, String action, String what, String purpose, String outcome);
}
