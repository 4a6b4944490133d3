package org.vigil.knowledge;

/**
 * A document Vigil cites: a guideline, a paper or a standard. {@code yearVerified: false} marks a year the
 * knowledge pack could not confirm; explanations then say so.
 */
public record Guideline(String id, String title, String authors, String publication, Integer year,
    Boolean yearVerified, String knowledgeRef) {

  public boolean yearIsVerified() {
    return yearVerified == null || yearVerified;
  }
}
