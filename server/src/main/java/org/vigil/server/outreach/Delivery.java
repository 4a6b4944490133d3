package org.vigil.server.outreach;

/** A message a channel delivered, and to whom (the address used; null when nothing left the system). */
public record Delivery(String recipient) {}
