package org.vigil.server.outreach;

/**
 * A channel could not deliver a message. The reason is stored with the message and shown to staff, never logged.
 * A permanent failure (the member has no address for the channel) is not retried.
 */
public class DeliveryException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean permanent;

  public DeliveryException(String reason, boolean permanent, Throwable cause) {
    super(reason, cause);
    this.permanent = permanent;
  }

  /** A failure worth retrying later (the server or the network may recover). */
  public static DeliveryException transientFailure(String reason, Throwable cause) {
    return new DeliveryException(reason, false, cause);
  }

  /** A failure that retrying cannot fix. */
  public static DeliveryException permanent(String reason) {
    return new DeliveryException(reason, true, null);
  }

  public String reason() {
    return getMessage();
  }

  public boolean permanent() {
    return permanent;
  }
}
