/**
 * Validated risk equations (PCE, PREVENT, China-PAR, FINDRISC, CKD-EPI 2021, GALAD) as pure calculators over
 * typed inputs, with named coefficient sets from the knowledge, per-factor contributions, categories and citations.
 */
package org.vigil.engine.risk;
