/**
 * Members' diagnoses (FHIR Condition) and the Vigil conditions they mean (diabetes, gout, tophi, ...): the facts
 * rules use to choose whom they apply to and which target counts. A new diagnosis re-judges the member.
 */
package org.vigil.server.conditions;
