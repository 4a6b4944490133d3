/**
 * JMH benchmarks and measuring mains for the engine, each run by one command (see docs/benchmarks.md). May
 * use {@code engine}, {@code knowledge}, the JDK and JMH; readings are generated here, deterministically.
 */
package org.vigil.bench;
