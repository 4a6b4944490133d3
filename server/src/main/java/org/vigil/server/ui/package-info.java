/**
 * Server-rendered pages (Thymeleaf + htmx): the live worklist and a member's page. They call the same services
 * the REST API exposes and hold no logic of their own.
 */
package org.vigil.server.ui;
