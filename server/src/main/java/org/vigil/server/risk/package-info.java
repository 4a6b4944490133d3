/**
 * Risk stratification in the shell: the stateless calculators as an API, each member's risk from their stored
 * data (FHIR RiskAssessment), the composite Five-Highs tier, and population re-scoring.
 */
package org.vigil.server.risk;
