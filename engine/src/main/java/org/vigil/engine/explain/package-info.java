/**
 * What every finding carries to explain itself: the citation, the evidence (readings used), the thresholds
 * applied, the differentials considered and the readable text. Pure value types and template rendering.
 */
package org.vigil.engine.explain;
