/**
 * The care loop a health manager closes: the worklist of open alerts and due follow-ups, contact attempts and
 * their outcomes, notes, follow-ups with an interval suggested from the knowledge, escalation to a doctor and the
 * doctor's review, the member's timeline; and the service-tier entitlements that decide who gets what.
 */
package org.vigil.server.care;
