package org.vigil.server.web;

/** The thing asked for does not exist (or the caller may not know it does). */
public class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String what) {
    super(what);
  }
}
