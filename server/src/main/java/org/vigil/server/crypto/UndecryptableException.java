package org.vigil.server.crypto;

/**
 * A sealed value that cannot be opened: its key is not configured, or it was altered, or it belongs to another
 * row or field. Never partially decrypted data; the message names the record and field, never content.
 */
public class UndecryptableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UndecryptableException(String message) {
    super(message);
  }

  public UndecryptableException(String message, Throwable cause) {
    super(message, cause);
  }
}
