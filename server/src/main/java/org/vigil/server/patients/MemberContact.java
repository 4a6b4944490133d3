package org.vigil.server.patients;

/**
 * How to address and reach a member, decrypted from their record for display and outreach. Never log it.
 *
 * @param patientId the member
 * @param displayName family and first given name of the first name ("Wang Fang"), or "" when unnamed
 * @param nameText the name as written (the second name's text, else the first's; e.g. "王芳"), or ""
 * @param phone the preferred phone (not marked old, lowest rank, then as listed), or null
 * @param email the preferred e-mail address by the same rule, or null
 */
public record MemberContact(String patientId, String displayName, String nameText, String phone, String email) {
  /** Leaves out everything but the id, so a contact can never leak into a log. */
  @Override
  public String toString() {
    return "MemberContact[patientId=" + patientId + "]";
  }
}
