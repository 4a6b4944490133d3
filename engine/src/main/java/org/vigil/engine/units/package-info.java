/**
 * Quantities with UCUM units, and normalization of what devices and labs send (LOINC code, value, unit) into
 * Vigil's canonical analytes and units. Pure; uses the knowledge base for codes and conversions.
 */
package org.vigil.engine.units;
