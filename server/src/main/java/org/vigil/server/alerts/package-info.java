/**
 * Alerts: findings become one open alert per member and rule family, updated by new evidence; acknowledge and
 * resolve; the worklist; every change recorded as an event. REST here, FHIR DetectedIssue in the fhir package.
 */
package org.vigil.server.alerts;
