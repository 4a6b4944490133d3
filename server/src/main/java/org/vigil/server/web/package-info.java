/**
 * Cross-cutting web concerns: errors as RFC 9457 problem+json naming the field and the reason, and the
 * server-rendered pages (Thymeleaf + htmx).
 */
package org.vigil.server.web;
