package org.vigil.server.outreach;

/**
 * The demo default: nothing leaves the system. A message counts as sent once it is in the outbox, where staff read
 * it ({@code GET /api/v1/outbox}).
 */
public class OutboxChannel implements OutreachChannel {
  public static final String NAME = "outbox";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Delivery send(OutboundMessage m) {
    return new Delivery(null);
  }
}
