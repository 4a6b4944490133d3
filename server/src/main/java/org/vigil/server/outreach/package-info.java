/**
 * Outreach: messages to members (safety advice on emergencies, a health manager's own words) queued in
 * {@code member_message} and delivered by one pluggable channel — the outbox (nothing leaves the system, the
 * default), e-mail, or a webhook an SMS provider can sit behind. A dispatcher claims pending messages, sends them
 * and records each outcome; failures are retried with a back-off until they give up. No personal data in logs.
 */
package org.vigil.server.outreach;
