/**
 * Vigil's pure core: units and codes, the monitor and explanations. No framework, no I/O, no clock reads;
 * time arrives as an argument. May use {@code org.vigil.knowledge} and the JDK only.
 */
package org.vigil.engine;
