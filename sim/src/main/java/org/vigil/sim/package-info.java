/**
 * A deterministic synthetic population, its home-device reading streams and the load generator that posts them.
 * Same seed, same members and readings; uses {@code engine} (units, settings) and the JDK only, HTTP only in the load generator.
 */
package org.vigil.sim;
