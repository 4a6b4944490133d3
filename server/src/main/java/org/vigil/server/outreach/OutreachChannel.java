package org.vigil.server.outreach;

/**
 * A way of reaching members. Exactly one is active, chosen by {@code vigil.outreach.channel}; another one plugs in
 * as a Spring bean with its own {@link #name()}. Implementations must be safe to call from the dispatcher's
 * thread and must not log the message's body or addresses.
 */
public interface OutreachChannel {
  /** The name {@code vigil.outreach.channel} selects and each message records. */
  String name();

  /** Delivers the message or explains why not. */
  Delivery send(OutboundMessage m) throws DeliveryException;
}
