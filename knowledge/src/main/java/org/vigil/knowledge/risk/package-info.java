/**
 * Risk equations' coefficients as cited data ({@code knowledge/risk/*.yaml}, PREVENT's JSON), read strictly:
 * every coefficient set named and versioned, every file with its source.
 */
package org.vigil.knowledge.risk;
